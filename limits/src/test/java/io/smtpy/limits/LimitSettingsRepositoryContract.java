package io.smtpy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What every {@link LimitSettingsRepository} does; each backend's test implements this with its {@link #testee()}. */
public interface LimitSettingsRepositoryContract {
    DomainName DOMAIN = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");
    LimitSubject WHOLE_DOMAIN = LimitSubject.domain(DOMAIN);
    LimitSubject SALES = LimitSubject.alias(DOMAIN, LocalPart.of("sales"));
    LimitSubject CREDENTIAL = LimitSubject.credential(DOMAIN, "cred-7f3a");

    LimitSettingsRepository testee();

    static LimitSet set(LimitSubject subject, LimitDirection direction, long messagesPerHour) {
        return LimitSet.of(subject, direction, Map.of(LimitMetric.MESSAGES_PER_HOUR, messagesPerHour), LimitAction.DEFER, false);
    }

    @Test
    default void putShouldStoreEveryFieldAndFindShouldReadItBack() {
        LimitSet set = LimitSet.of(SALES, LimitDirection.OUTBOUND, Map.of(LimitMetric.MESSAGES_PER_HOUR, 10L,
            LimitMetric.MESSAGES_PER_DAY, 100L, LimitMetric.RECIPIENTS_PER_MESSAGE, 5L, LimitMetric.BYTES_PER_DAY, 5_000_000_000L,
            LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR, 3L), LimitAction.REJECT, true);

        testee().put(set);

        assertThat(testee().find(SALES, LimitDirection.OUTBOUND)).contains(set);
        assertThat(testee().find(SALES, LimitDirection.INBOUND)).isEmpty();
    }

    @Test
    default void putShouldReplaceTheSubjectsSetOfThatDirectionOnly() {
        testee().put(set(SALES, LimitDirection.INBOUND, 10));
        testee().put(set(SALES, LimitDirection.OUTBOUND, 20));

        testee().put(set(SALES, LimitDirection.INBOUND, 30));

        assertThat(testee().find(SALES, LimitDirection.INBOUND)).contains(set(SALES, LimitDirection.INBOUND, 30));
        assertThat(testee().find(SALES, LimitDirection.OUTBOUND)).contains(set(SALES, LimitDirection.OUTBOUND, 20));
    }

    @Test
    default void listShouldHoldTheDomainsSetsInScopeKeyAndDirectionOrder() {
        LimitSubject support = LimitSubject.alias(DOMAIN, LocalPart.of("support"));
        testee().put(set(CREDENTIAL, LimitDirection.OUTBOUND, 1));
        testee().put(set(support, LimitDirection.INBOUND, 2));
        testee().put(set(SALES, LimitDirection.OUTBOUND, 3));
        testee().put(set(SALES, LimitDirection.INBOUND, 4));
        testee().put(set(WHOLE_DOMAIN, LimitDirection.INBOUND, 5));
        testee().put(set(LimitSubject.domain(OTHER), LimitDirection.INBOUND, 6));

        assertThat(testee().list(DOMAIN)).containsExactly(
            set(WHOLE_DOMAIN, LimitDirection.INBOUND, 5),
            set(SALES, LimitDirection.INBOUND, 4),
            set(SALES, LimitDirection.OUTBOUND, 3),
            set(support, LimitDirection.INBOUND, 2),
            set(CREDENTIAL, LimitDirection.OUTBOUND, 1));
        assertThat(testee().list(DomainName.of("none.example"))).isEmpty();
    }

    @Test
    default void aliasAndCredentialOfTheSameKeyShouldBeDifferentSubjects() {
        LimitSubject alias = LimitSubject.alias(DOMAIN, LocalPart.of("same"));
        LimitSubject credential = LimitSubject.credential(DOMAIN, "same");
        testee().put(set(alias, LimitDirection.OUTBOUND, 1));
        testee().put(set(credential, LimitDirection.OUTBOUND, 2));

        assertThat(testee().find(alias, LimitDirection.OUTBOUND)).contains(set(alias, LimitDirection.OUTBOUND, 1));
        assertThat(testee().find(credential, LimitDirection.OUTBOUND)).contains(set(credential, LimitDirection.OUTBOUND, 2));
    }

    @Test
    default void removeShouldDeleteOneDirectionAndSayWhetherThereWasOne() {
        testee().put(set(SALES, LimitDirection.INBOUND, 10));
        testee().put(set(SALES, LimitDirection.OUTBOUND, 20));

        assertThat(testee().remove(SALES, LimitDirection.INBOUND)).isTrue();
        assertThat(testee().remove(SALES, LimitDirection.INBOUND)).isFalse();

        assertThat(testee().find(SALES, LimitDirection.INBOUND)).isEmpty();
        assertThat(testee().list(DOMAIN)).containsExactly(set(SALES, LimitDirection.OUTBOUND, 20));
    }
}
