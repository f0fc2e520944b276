package io.smtpy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What every {@link RuleRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface RuleRepositoryContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");
    RuleScope DOMAIN = RuleScope.domain(EXAMPLE);
    RuleScope SALES = RuleScope.alias(EXAMPLE, LocalPart.of("sales"));
    RuleScope SUPPORT = RuleScope.alias(EXAMPLE, LocalPart.of("support"));
    RuleScope OTHER_DOMAIN = RuleScope.domain(OTHER);
    RuleScope OTHER_SALES = RuleScope.alias(OTHER, LocalPart.of("sales"));
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    RuleRepository testee();

    /** Every condition and action kind, text that trips naive storage (quotes, SQL, JSON, beyond the BMP). */
    static RuleSet richSet() throws Exception {
        return new RuleSet(ZoneId.of("Europe/Paris"), List.of(
            new Rule("invoices 'quoted' \"json\" \uD83D\uDCEC", true,
                Condition.all(List.of(
                    Condition.of("subject", Condition.Operator.CONTAINS, "invoice'; DROP TABLE rule_sets;--"),
                    Condition.any(List.of(Condition.of("header:X-Spam", Condition.Operator.EXISTS, ""),
                        Condition.not(Condition.of("from", Condition.Operator.MATCHES, "^.*@(a|b)\\.org$", true)))),
                    Condition.of("size", Condition.Operator.GT, "10k"),
                    Condition.of("time", Condition.Operator.IN, "22:00-06:00"),
                    Condition.of("weekday", Condition.Operator.IN, "mon,sat"))),
                List.of(RuleAction.forward(List.of(new MailAddress("a@example.org"))),
                    RuleAction.alsoForward(List.of(new MailAddress("b@example.org"), new MailAddress("c@example.org"))),
                    RuleAction.post("https://hooks.example.net/in?x=1", RuleAction.PostFormat.JSON),
                    RuleAction.addHeader("X-Rule", "invoices \u00e9"),
                    RuleAction.prefixSubject("[inv]"),
                    RuleAction.quarantine(),
                    RuleAction.stop())),
            new Rule("off", false, Condition.all(List.of()), List.of(RuleAction.reject("go away"), RuleAction.drop()))));
    }

    static RuleSet named(String... names) {
        Rule[] rules = new Rule[names.length];
        for (int i = 0; i < names.length; i++) {
            rules[i] = Rule.of(names[i], Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, names[i]))),
                RuleAction.drop());
        }
        return RuleSet.of(rules);
    }

    static Map<String, RuleHits> hit(String name, long count, Instant last) {
        return Map.of(name, new RuleHits(count, Optional.of(last)));
    }

    @Test
    default void aStoredListShouldBeFoundAsStored() throws Exception {
        testee().put(SALES, richSet());

        assertThat(testee().find(SALES)).contains(richSet());
    }

    @Test
    default void aScopeWithoutListShouldFindNothing() {
        testee().put(DOMAIN, named("a"));

        assertThat(testee().find(SALES)).isEmpty();
        assertThat(testee().find(OTHER_DOMAIN)).isEmpty();
    }

    @Test
    default void putShouldReplaceTheList() {
        testee().put(DOMAIN, named("a", "b"));
        testee().put(DOMAIN, named("c"));

        assertThat(testee().find(DOMAIN)).contains(named("c"));
    }

    @Test
    default void anEmptyListShouldBeStored() {
        testee().put(DOMAIN, RuleSet.empty());

        assertThat(testee().find(DOMAIN)).contains(RuleSet.empty());
    }

    @Test
    default void domainAndAliasListsShouldBeDistinct() {
        testee().put(DOMAIN, named("domain"));
        testee().put(SALES, named("sales"));
        testee().put(OTHER_SALES, named("other"));

        assertThat(testee().find(DOMAIN)).contains(named("domain"));
        assertThat(testee().find(SALES)).contains(named("sales"));
        assertThat(testee().find(OTHER_SALES)).contains(named("other"));
    }

    @Test
    default void deleteShouldRemoveTheListAndSayWhetherThereWasOne() {
        testee().put(SALES, named("a"));

        assertThat(testee().delete(SALES)).isTrue();
        assertThat(testee().delete(SALES)).isFalse();
        assertThat(testee().find(SALES)).isEmpty();
    }

    @Test
    default void deleteShouldNotTouchOtherScopes() {
        testee().put(DOMAIN, named("a"));
        testee().put(SALES, named("b"));

        testee().delete(DOMAIN);

        assertThat(testee().find(SALES)).contains(named("b"));
    }

    @Test
    default void deleteDomainShouldRemoveTheDomainAndItsAliasesLists() {
        testee().put(DOMAIN, named("a"));
        testee().put(SALES, named("b"));
        testee().put(SUPPORT, named("c"));
        testee().put(OTHER_DOMAIN, named("d"));
        testee().put(OTHER_SALES, named("e"));
        testee().addHits(SALES, hit("b", 1, T0));

        testee().deleteDomain(EXAMPLE);

        assertThat(testee().all()).containsOnlyKeys(OTHER_DOMAIN, OTHER_SALES);
        assertThat(testee().hits(SALES)).isEmpty();
    }

    @Test
    default void allShouldListEveryStoredList() throws Exception {
        testee().put(DOMAIN, named("a"));
        testee().put(SALES, richSet());

        assertThat(testee().all()).isEqualTo(Map.of(DOMAIN, named("a"), SALES, richSet()));
    }

    @Test
    default void hitsShouldBeEmptyForRulesNeverHit() {
        testee().put(SALES, named("a"));

        assertThat(testee().hits(SALES)).isEmpty();
        assertThat(testee().hits(SUPPORT)).isEmpty();
    }

    @Test
    default void addHitsShouldAddCountsAndKeepTheLaterLastHit() {
        testee().put(SALES, named("a", "b"));

        testee().addHits(SALES, Map.of("a", new RuleHits(2, Optional.of(T0.plusSeconds(60))), "b", new RuleHits(1, Optional.of(T0))));
        testee().addHits(SALES, hit("a", 3, T0));

        assertThat(testee().hits(SALES)).isEqualTo(Map.of(
            "a", new RuleHits(5, Optional.of(T0.plusSeconds(60))),
            "b", new RuleHits(1, Optional.of(T0))));
    }

    @Test
    default void addHitsShouldIgnoreRulesAndScopesNotStored() {
        testee().put(SALES, named("a"));

        testee().addHits(SALES, hit("gone", 1, T0));
        testee().addHits(SUPPORT, hit("a", 1, T0));

        assertThat(testee().hits(SALES)).isEmpty();
        assertThat(testee().hits(SUPPORT)).isEmpty();
    }

    @Test
    default void hitsShouldBeKeptPerScope() {
        testee().put(SALES, named("a"));
        testee().put(SUPPORT, named("a"));

        testee().addHits(SALES, hit("a", 4, T0));

        assertThat(testee().hits(SALES)).isEqualTo(hit("a", 4, T0));
        assertThat(testee().hits(SUPPORT)).isEmpty();
    }

    @Test
    default void putShouldKeepHitsOfRulesStillThereAndDropTheOthers() {
        testee().put(SALES, named("kept", "removed"));
        testee().addHits(SALES, Map.of("kept", new RuleHits(2, Optional.of(T0)), "removed", new RuleHits(3, Optional.of(T0))));

        testee().put(SALES, named("kept", "new"));

        assertThat(testee().hits(SALES)).isEqualTo(hit("kept", 2, T0));
    }

    @Test
    default void deleteShouldDropHits() {
        testee().put(SALES, named("a"));
        testee().addHits(SALES, hit("a", 1, T0));

        testee().delete(SALES);
        testee().put(SALES, named("a"));

        assertThat(testee().hits(SALES)).isEmpty();
    }

    @Test
    default void lastHitShouldKeepSubSecondPrecision() {
        testee().put(SALES, named("a"));
        Instant precise = T0.plusNanos(123_456_789);

        testee().addHits(SALES, hit("a", 1, precise));

        assertThat(testee().hits(SALES)).isEqualTo(hit("a", 1, precise));
    }
}
