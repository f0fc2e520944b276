package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferenceRepositoryContract;
import io.smtpy.notifications.NotificationType;

class EmbeddedNotificationPreferenceRepositoryTest implements NotificationPreferenceRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public NotificationPreferenceRepository testee() {
        return embedded.store().notificationPreferences();
    }

    @Test
    void choicesShouldSurviveReopeningAsOneRowPerType() throws Exception {
        testee().replace(ANN, Map.of(NotificationType.DIGEST, true, NotificationType.DESTINATION_FAILING, false));

        embedded.reopen();

        assertThat(testee().choices(ANN)).containsOnly(Map.entry(NotificationType.DIGEST, true),
            Map.entry(NotificationType.DESTINATION_FAILING, false));
        assertThat(RawDatabase.strings(embedded.file(), "SELECT type || '=' || enabled FROM notification_preferences ORDER BY type"))
            .containsExactly("destination-failing=0", "digest=1");
    }
}
