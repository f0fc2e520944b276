package io.smtpy.rules;

import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/** One owner's rule: when its conditions hold (and it is enabled), its actions apply in order. */
public final class Rule {
    private final String name;
    private final boolean enabled;
    private final Condition.Group conditions;
    private final List<RuleAction> actions;

    public Rule(String name, boolean enabled, Condition.Group conditions, List<RuleAction> actions) {
        this.name = Objects.requireNonNull(name);
        this.enabled = enabled;
        this.conditions = Objects.requireNonNull(conditions);
        this.actions = ImmutableList.copyOf(actions);
    }

    /** An enabled rule. */
    public static Rule of(String name, Condition.Group conditions, RuleAction... actions) {
        return new Rule(name, true, conditions, List.of(actions));
    }

    /** Unique in its list (ignoring case); hits are counted by name. */
    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public Condition.Group conditions() {
        return conditions;
    }

    public List<RuleAction> actions() {
        return actions;
    }

    public Rule withEnabled(boolean enabled) {
        return new Rule(name, enabled, conditions, actions);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Rule)) {
            return false;
        }
        Rule other = (Rule) o;
        return name.equals(other.name) && enabled == other.enabled && conditions.equals(other.conditions)
            && actions.equals(other.actions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, enabled, conditions, actions);
    }

    @Override
    public String toString() {
        return "rule '" + name + "'" + (enabled ? "" : " (disabled)") + " when " + conditions + " then " + actions;
    }
}
