package io.smtpy.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;

import io.smtpy.access.AccessId;
import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.notifications.NotificationType;

/**
 * Members' notification choices in {@code notification_preferences}, one row per chosen type. A type this build does
 * not know (written by a newer smtpy) is left out when read.
 */
final class EmbeddedNotificationPreferenceRepository implements NotificationPreferenceRepository {
    private final SqliteConnections connections;

    EmbeddedNotificationPreferenceRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Map<NotificationType, Boolean> choices(AccessId member) {
        return connections.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT type, enabled FROM notification_preferences WHERE member = ?")) {
                select.setString(1, member.asString());
                Map<NotificationType, Boolean> choices = new EnumMap<>(NotificationType.class);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String type = rows.getString("type");
                        for (NotificationType known : NotificationType.values()) {
                            if (known.asString().equals(type)) {
                                choices.put(known, rows.getInt("enabled") == 1);
                            }
                        }
                    }
                }
                return Map.copyOf(choices);
            }
        });
    }

    @Override
    public void replace(AccessId member, Map<NotificationType, Boolean> choices) {
        connections.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM notification_preferences WHERE member = ?");
                 PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO notification_preferences (member, type, enabled) VALUES (?, ?, ?)")) {
                delete.setString(1, member.asString());
                delete.executeUpdate();
                for (Map.Entry<NotificationType, Boolean> choice : choices.entrySet()) {
                    insert.setString(1, member.asString());
                    insert.setString(2, choice.getKey().asString());
                    insert.setInt(3, choice.getValue() ? 1 : 0);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }
}
