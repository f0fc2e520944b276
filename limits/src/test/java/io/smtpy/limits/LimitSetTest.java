package io.smtpy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

class LimitSetTest {
    private static final LimitSubject DOMAIN = LimitSubject.domain(DomainName.of("example.com"));

    @Test
    void aSetWithoutAnyLimitShouldBeRefused() {
        assertThatThrownBy(() -> LimitSet.of(DOMAIN, LimitDirection.INBOUND, Map.of(), LimitAction.DEFER, false))
            .isInstanceOf(InvalidFieldException.class).extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("limits");
    }

    @Test
    void valuesOutsideTheirRangeShouldBeRefusedNamingTheField() {
        assertThatThrownBy(() -> LimitSet.of(DOMAIN, LimitDirection.INBOUND, Map.of(LimitMetric.MESSAGES_PER_DAY, 0L),
            LimitAction.DEFER, false)).extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("messagesPerDay");
        assertThatThrownBy(() -> LimitSet.of(DOMAIN, LimitDirection.INBOUND,
            Map.of(LimitMetric.RECIPIENTS_PER_MESSAGE, LimitMetric.RECIPIENTS_PER_MESSAGE.max() + 1), LimitAction.DEFER, false))
            .hasMessageContaining("from 1 to 100000");
    }

    @Test
    void perRecipientDomainShouldBeAnOutboundLimitOnly() {
        assertThatThrownBy(() -> LimitSet.of(DOMAIN, LimitDirection.INBOUND,
            Map.of(LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR, 5L), LimitAction.DEFER, false))
            .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("perRecipientDomainPerHour");
        assertThat(LimitSet.of(DOMAIN, LimitDirection.OUTBOUND, Map.of(LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR, 5L),
            LimitAction.DEFER, false).limit(LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR)).contains(5L);
    }

    @Test
    void credentialIdsShouldBeOpaqueButBounded() {
        assertThat(LimitSubject.credential(DomainName.of("example.com"), "cred_01H-x.y").describe())
            .isEqualTo("credential cred_01H-x.y of example.com");
        assertThatThrownBy(() -> LimitSubject.credential(DomainName.of("example.com"), "with space"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LimitSubject.credential(DomainName.of("example.com"), ""))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
