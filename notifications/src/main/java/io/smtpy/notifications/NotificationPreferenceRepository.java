package io.smtpy.notifications;

import java.util.Map;

import io.smtpy.access.AccessId;

/**
 * Each member's own choices of notifications: for a type, on or off; a type without a choice follows the default
 * ({@link NotificationPreferences#byDefault}). Choices are the member's, whatever account or domain a notification is
 * about.
 */
public interface NotificationPreferenceRepository {
    /** The member's explicit choices; empty when they never chose. */
    Map<NotificationType, Boolean> choices(AccessId member);

    /** Replaces all of the member's choices at once (an empty map: back to the defaults for every type). */
    void replace(AccessId member, Map<NotificationType, Boolean> choices);
}
