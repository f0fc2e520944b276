package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.InvalidFieldException;

class RotationPolicyTest {

    @Test
    void defaultShouldSignWithRsaOnlyAndCheckDns() {
        RotationPolicy policy = RotationPolicy.DEFAULT;

        assertThat(policy.algorithms()).containsExactly(DkimAlgorithm.RSA_SHA256);
        assertThat(policy.rotateAfter()).isEqualTo(Duration.ofDays(90));
        assertThat(policy.retiringGrace()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.deleteAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.publicationDelay()).isEmpty();
    }

    @Test
    void defaultTemplateShouldNameVersionAlgorithmAndDay() {
        assertThat(RotationPolicy.DEFAULT.selector(3, DkimAlgorithm.ED25519_SHA256, LocalDate.of(2026, 2, 5)))
            .isEqualTo(DkimSelector.of("v3-ed25519-20260205"));
        assertThat(RotationPolicy.DEFAULT.selector(1, DkimAlgorithm.RSA_SHA256, LocalDate.of(2026, 12, 31)))
            .isEqualTo(DkimSelector.of("v1-rsa-20261231"));
    }

    @Test
    void templateWithoutVersionShouldBeRefused() {
        assertThatThrownBy(() -> RotationPolicy.builder().selectorTemplate("{algorithm}-{yyyymmdd}").build())
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("selectorTemplate"));
    }

    @Test
    void templateWithAnUnknownPlaceholderShouldBeRefused() {
        assertThatThrownBy(() -> RotationPolicy.builder().selectorTemplate("v{version}-{host}").build())
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("{host}");
    }

    @Test
    void templateMakingInvalidSelectorsShouldBeRefused() {
        assertThatThrownBy(() -> RotationPolicy.builder().selectorTemplate("v{version}.{algorithm}").build())
            .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void nonPositiveDurationsShouldBeRefused() {
        assertThatThrownBy(() -> RotationPolicy.builder().rotateAfter(Duration.ZERO).build())
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("rotateAfter"));
        assertThatThrownBy(() -> RotationPolicy.builder().publicationDelay(Optional.of(Duration.ofHours(-1))).build())
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("publicationDelay"));
    }

    @Test
    void noAlgorithmShouldBeRefused() {
        assertThatThrownBy(() -> RotationPolicy.builder().algorithms().build()).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void dualSigningShouldKeepTheGivenOrderWithoutRepeats() {
        RotationPolicy policy = RotationPolicy.builder()
            .algorithms(DkimAlgorithm.ED25519_SHA256, DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256)
            .build();

        assertThat(policy.algorithms()).containsExactly(DkimAlgorithm.ED25519_SHA256, DkimAlgorithm.RSA_SHA256);
    }
}
