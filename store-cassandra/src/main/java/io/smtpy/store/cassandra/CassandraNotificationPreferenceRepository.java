package io.smtpy.store.cassandra;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.notifications.NotificationType;

/**
 * Members' notification choices in {@code notification_preferences}, one row per member whose choices are a map from
 * type to on/off. Writing the whole map replaces it in one write, so {@link #replace} is atomic without a batch of a
 * delete and inserts (which would share one timestamp, and the delete would win). A type this build does not know
 * (written by a newer smtpy) is left out when read.
 */
public final class CassandraNotificationPreferenceRepository implements NotificationPreferenceRepository {
    public static final TableSet TABLES = TableSet.of("notification_preferences")
        .migration("CREATE TABLE IF NOT EXISTS notification_preferences (member text PRIMARY KEY, choices map<text, boolean>)")
        .build();

    private final CassandraStore store;

    public CassandraNotificationPreferenceRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Map<NotificationType, Boolean> choices(AccessId member) {
        Row row = store.execute(store.prepare("SELECT choices FROM notification_preferences WHERE member = ?")
            .bind(member.asString()), "reading the notification choices of " + member).one();
        Map<NotificationType, Boolean> choices = new EnumMap<>(NotificationType.class);
        if (row != null) {
            Map<String, Boolean> stored = row.getMap("choices", String.class, Boolean.class);
            for (NotificationType known : NotificationType.values()) {
                Boolean enabled = stored.get(known.asString());
                if (enabled != null) {
                    choices.put(known, enabled);
                }
            }
        }
        return Map.copyOf(choices);
    }

    @Override
    public void replace(AccessId member, Map<NotificationType, Boolean> choices) {
        Map<String, Boolean> stored = new HashMap<>();
        choices.forEach((type, enabled) -> stored.put(type.asString(), enabled));
        store.execute(store.prepare("INSERT INTO notification_preferences (member, choices) VALUES (?, ?)")
            .bind(member.asString(), stored), "replacing the notification choices of " + member);
    }
}
