package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.InvalidFieldException;

class DkimSelectorTest {

    @Test
    void selectorShouldBeLowerCased() {
        assertThat(DkimSelector.of("V1-RSA-20260101")).isEqualTo(DkimSelector.of("v1-rsa-20260101"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-s", "s-", "a.b", "s_1", "s 1", "sélecteur",
        "a234567890123456789012345678901234567890123456789012345678901234"})
    void invalidSelectorsShouldBeRefusedNamingTheField(String selector) {
        assertThatThrownBy(() -> DkimSelector.of(selector))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("selector"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s", "2026", "v12-ed25519-20261231", "a23456789012345678901234567890123456789012345678901234567890123"})
    void validSelectorsShouldBeAccepted(String selector) {
        assertThat(DkimSelector.of(selector).asString()).isEqualTo(selector);
    }
}
