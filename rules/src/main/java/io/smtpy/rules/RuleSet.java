package io.smtpy.rules;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/** One scope's ordered rule list, and the time zone its {@code time} and {@code weekday} conditions are read in. */
public final class RuleSet {
    private static final RuleSet EMPTY = new RuleSet(ZoneOffset.UTC, List.of());

    private final ZoneId timeZone;
    private final List<Rule> rules;

    /** {@code timeZone} is normalised ({@code UTC} becomes {@link ZoneOffset#UTC}) so that equal zones compare equal. */
    public RuleSet(ZoneId timeZone, List<Rule> rules) {
        this.timeZone = timeZone.normalized();
        this.rules = ImmutableList.copyOf(rules);
    }

    /** Rules read in UTC. */
    public static RuleSet of(Rule... rules) {
        return new RuleSet(ZoneOffset.UTC, List.of(rules));
    }

    public static RuleSet empty() {
        return EMPTY;
    }

    public ZoneId timeZone() {
        return timeZone;
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSet && ((RuleSet) o).timeZone.equals(timeZone) && ((RuleSet) o).rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeZone, rules);
    }

    @Override
    public String toString() {
        return "rules in " + timeZone + ": " + rules;
    }
}
