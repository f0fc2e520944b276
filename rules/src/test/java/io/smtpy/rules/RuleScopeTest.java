package io.smtpy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class RuleScopeTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");

    @Test
    void scopesShouldReadAsTheirAddress() {
        assertThat(RuleScope.domain(EXAMPLE).asString()).isEqualTo("example.com");
        assertThat(RuleScope.alias(EXAMPLE, LocalPart.of("Sales")).asString()).isEqualTo("sales@example.com");
    }

    @Test
    void scopesShouldBeEqualByDomainAndAlias() {
        assertThat(RuleScope.alias(EXAMPLE, LocalPart.of("sales"))).isEqualTo(RuleScope.of(EXAMPLE, Optional.of(LocalPart.of("sales"))))
            .hasSameHashCodeAs(RuleScope.alias(EXAMPLE, LocalPart.of("sales")))
            .isNotEqualTo(RuleScope.domain(EXAMPLE));
        assertThat(RuleScope.domain(EXAMPLE).alias()).isEmpty();
    }

    @Test
    void aScopeShouldReadBackFromItsText() {
        assertThat(RuleScope.parse("example.com")).isEqualTo(RuleScope.domain(EXAMPLE));
        assertThat(RuleScope.parse("sales@example.com")).isEqualTo(RuleScope.alias(EXAMPLE, LocalPart.of("sales")));
        assertThatThrownBy(() -> RuleScope.parse("@example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RuleScope.parse("sales@")).isInstanceOf(IllegalArgumentException.class);
    }
}
