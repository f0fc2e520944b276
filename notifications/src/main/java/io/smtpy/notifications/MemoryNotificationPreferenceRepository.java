package io.smtpy.notifications;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.access.AccessId;

/** Choices in memory, lost at restart: for tests and the memory storage flavour. */
public class MemoryNotificationPreferenceRepository implements NotificationPreferenceRepository {
    private final Map<AccessId, Map<NotificationType, Boolean>> choices = new ConcurrentHashMap<>();

    @Override
    public Map<NotificationType, Boolean> choices(AccessId member) {
        return Map.copyOf(choices.getOrDefault(member, Map.of()));
    }

    @Override
    public void replace(AccessId member, Map<NotificationType, Boolean> newChoices) {
        if (newChoices.isEmpty()) {
            choices.remove(member);
        } else {
            choices.put(member, Map.copyOf(newChoices));
        }
    }
}
