package io.smtpy.core.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.InvalidFieldException;

class SrsSettingsTest {
    private static final String SECRET = "first-forwarder-secret-0001";
    private static final String OTHER_SECRET = "another-forwarder-secret-02";

    @Test
    void maximumAgeShouldDefaultTo21Days() {
        assertThat(SrsSettings.of(List.of(SECRET)).maxAge()).isEqualTo(Duration.ofDays(21));
    }

    @Test
    void everySecretShouldBeKept() {
        assertThat(SrsSettings.of(List.of(SECRET, OTHER_SECRET)).secretCount()).isEqualTo(2);
    }

    @Test
    void emptySecretListShouldBeRefused() {
        assertThatThrownBy(() -> SrsSettings.of(Collections.emptyList()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("secrets"));
    }

    @Test
    void missingSecretListShouldBeRefused() {
        assertThatThrownBy(() -> SrsSettings.of(null))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("secrets"));
    }

    @Test
    void nullSecretShouldBeRefused() {
        assertThatThrownBy(() -> SrsSettings.of(Arrays.asList(SECRET, null)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("secrets"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fifteen-chars-x"})
    void secretShorterThan16CharactersShouldBeRefusedWithoutShowingIt(String secret) {
        assertThatThrownBy(() -> SrsSettings.of(List.of(SECRET, secret)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("secrets"))
            .hasMessageContaining("number 2")
            .hasMessageNotContaining("fifteen");
    }

    @Test
    void secretOfExactly16CharactersShouldBeAccepted() {
        assertThat(SrsSettings.of(List.of("sixteen-chars-xx")).secretCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 1023})
    void maximumAgeAtTheBoundsShouldBeAccepted(long days) {
        assertThat(SrsSettings.of(List.of(SECRET), Duration.ofDays(days)).maxAge()).isEqualTo(Duration.ofDays(days));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 1024, 5000})
    void maximumAgeOutsideOneTo1023DaysShouldBeRefused(long days) {
        assertThatThrownBy(() -> SrsSettings.of(List.of(SECRET), Duration.ofDays(days)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("maxAge"));
    }

    @Test
    void maximumAgeThatIsNotWholeDaysShouldBeRefused() {
        assertThatThrownBy(() -> SrsSettings.of(List.of(SECRET), Duration.ofHours(36)))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("maxAge"));
    }

    @Test
    void missingMaximumAgeShouldBeRefused() {
        assertThatThrownBy(() -> SrsSettings.of(List.of(SECRET), null))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("maxAge"));
    }

    @Test
    void toStringShouldNotShowSecrets() {
        assertThat(SrsSettings.of(List.of(SECRET, OTHER_SECRET)).toString())
            .doesNotContain(SECRET)
            .doesNotContain(OTHER_SECRET)
            .contains("21 days");
    }

    @Test
    void settingsWithTheSameSecretsAndAgeShouldBeEqual() {
        assertThat(SrsSettings.of(List.of(SECRET, OTHER_SECRET)))
            .isEqualTo(SrsSettings.of(List.of(SECRET, OTHER_SECRET)))
            .hasSameHashCodeAs(SrsSettings.of(List.of(SECRET, OTHER_SECRET)));
    }

    @Test
    void settingsWithSecretsInAnotherOrderShouldDiffer() {
        assertThat(SrsSettings.of(List.of(SECRET, OTHER_SECRET))).isNotEqualTo(SrsSettings.of(List.of(OTHER_SECRET, SECRET)));
    }

    @Test
    void settingsWithAnotherMaximumAgeShouldDiffer() {
        assertThat(SrsSettings.of(List.of(SECRET))).isNotEqualTo(SrsSettings.of(List.of(SECRET), Duration.ofDays(7)));
    }
}
