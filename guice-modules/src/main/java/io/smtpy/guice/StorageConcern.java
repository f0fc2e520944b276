package io.smtpy.guice;

import java.util.Locale;

/**
 * The groups of smtpy data that can each be kept in a storage flavour of their own ({@code storage.<concern>=} in
 * smtpy.properties; {@code storage=} for the rest). A concern is what must live together: an alias is read with its
 * domain, a list entry with the rules, a webhook with its outbox.
 */
public enum StorageConcern {
    /** Domains and their aliases. */
    DOMAINS,
    /** DKIM keys (private keys sealed). */
    DKIM,
    /** DMARC aggregate reports received. */
    DMARC,
    /** Mail events: history, journeys, search. */
    EVENTS,
    /** Accounts, members, keys, sessions, invitations, ownership, the audit log. */
    ACCESS,
    /** Owners' rules, block and allow lists, the quarantine. */
    RULES,
    /** Webhook endpoints and the outbox of their deliveries. */
    WEBHOOKS,
    /** Hourly analytics roll-ups. */
    ANALYTICS,
    /** Members' notification choices. */
    NOTIFICATIONS,
    /** Forwarded copies that failed for good, kept for resending. */
    BOUNCES,
    /** Suppressed destinations. */
    SUPPRESSION,
    /** SMTP credentials, domain relays, tracking settings, reverse aliases. */
    SENDING,
    /** Traffic limit sets. */
    LIMITS;

    /** Its name in smtpy.properties: {@code storage.events}. */
    public String key() {
        return "storage." + name().toLowerCase(Locale.ROOT);
    }
}
