package io.smtpy.core.events;

import java.util.Locale;

/**
 * A kind of value a journey is found by exactly, besides its status and time: each journey keeps the set of values of
 * each kind that its events carried ({@link JourneySummary#terms(JourneyTerm)}), and storage indexes them so that a
 * search by one value reads only the journeys that have it.
 */
public enum JourneyTerm {
    /** The alias of any of its events. */
    ALIAS,
    /** The envelope sender of any of its events (the original sender, and the SRS sender of the copies), lower case. */
    SENDER,
    /** Any recipient of any of its events: the alias address it came to, the destinations of its copies; lower case. */
    RECIPIENT,
    /** The Message-ID of any of its events, exactly as written. */
    MESSAGE_ID,
    /** The name of a rule quoted in any event's detail ({@code rule 'invoices' of ...}), lower case. */
    RULE,
    /**
     * A host named in the detail of a delivery outcome (delivered, deferred, bounced, fallback): the remote server's
     * reply, or the destination domain RemoteDelivery reports on success; lower case. Hosts inside e-mail addresses
     * are left out: they name mailboxes, not servers.
     */
    REMOTE_MTA;

    /** The lower-case name storage keeps ({@code remote-mta}). */
    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
