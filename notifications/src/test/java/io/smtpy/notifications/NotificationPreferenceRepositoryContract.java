package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;

/** What every storage of members' notification choices does; each backend's test implements {@link #testee()}. */
public interface NotificationPreferenceRepositoryContract {
    AccessId ANN = AccessId.of("mem_ann");
    AccessId BOB = AccessId.of("mem_bob");

    NotificationPreferenceRepository testee();

    @Test
    default void aMemberWhoNeverChoseShouldHaveNoChoices() {
        assertThat(testee().choices(ANN)).isEmpty();
    }

    @Test
    default void choicesShouldBeReadBackAsWritten() {
        testee().replace(ANN, Map.of(NotificationType.DIGEST, true, NotificationType.BOUNCE_RATE, false));

        assertThat(testee().choices(ANN)).containsOnly(Map.entry(NotificationType.DIGEST, true),
            Map.entry(NotificationType.BOUNCE_RATE, false));
    }

    @Test
    default void replacingShouldDropTheChoicesNotGivenAgain() {
        testee().replace(ANN, Map.of(NotificationType.DIGEST, true, NotificationType.BOUNCE_RATE, false));

        testee().replace(ANN, Map.of(NotificationType.DNS_CHECK, false));

        assertThat(testee().choices(ANN)).containsOnly(Map.entry(NotificationType.DNS_CHECK, false));
    }

    @Test
    default void replacingWithNothingShouldGoBackToTheDefaults() {
        testee().replace(ANN, Map.of(NotificationType.DIGEST, true));

        testee().replace(ANN, Map.of());

        assertThat(testee().choices(ANN)).isEmpty();
    }

    @Test
    default void oneMembersChoicesShouldNotTouchAnothers() {
        testee().replace(ANN, Map.of(NotificationType.DIGEST, true));
        testee().replace(BOB, Map.of(NotificationType.DIGEST, false, NotificationType.QUARANTINE, false));

        assertThat(testee().choices(ANN)).containsOnly(Map.entry(NotificationType.DIGEST, true));
        assertThat(testee().choices(BOB)).hasSize(2);
    }

    @Test
    default void everyTypeShouldBeStorable() {
        Map<NotificationType, Boolean> all = new java.util.EnumMap<>(NotificationType.class);
        for (NotificationType type : NotificationType.values()) {
            all.put(type, type.ordinal() % 2 == 0);
        }

        testee().replace(ANN, all);

        assertThat(testee().choices(ANN)).isEqualTo(all);
    }
}
