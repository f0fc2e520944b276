package io.smtpy.protection;

import java.util.Map;

/** What connection-level protection has done since start, as the operator sees it. */
public final class ProtectionCounters {
    private final Map<String, Long> dnsblHits;
    private final long dnsblErrors;
    private final long dnsblRefusals;
    private final long probesSlowed;
    private final long clientsRefused;
    private final long refusedClientReplies;

    public ProtectionCounters(Map<String, Long> dnsblHits, long dnsblErrors, long dnsblRefusals, long probesSlowed,
                              long clientsRefused, long refusedClientReplies) {
        this.dnsblHits = Map.copyOf(dnsblHits);
        this.dnsblErrors = dnsblErrors;
        this.dnsblRefusals = dnsblRefusals;
        this.probesSlowed = probesSlowed;
        this.clientsRefused = clientsRefused;
        this.refusedClientReplies = refusedClientReplies;
    }

    /** Listed addresses found, per zone (each address counted once per cache period). */
    public Map<String, Long> dnsblHits() {
        return dnsblHits;
    }

    /** Blocklist lookups that failed or were refused, taken as "not listed". */
    public long dnsblErrors() {
        return dnsblErrors;
    }

    /** SMTP sessions refused because the client is listed. */
    public long dnsblRefusals() {
        return dnsblRefusals;
    }

    /** Replies held back because the client was probing. */
    public long probesSlowed() {
        return probesSlowed;
    }

    /** Clients that reached the refusal threshold. */
    public long clientsRefused() {
        return clientsRefused;
    }

    /** Recipients answered 421 because their client was refused. */
    public long refusedClientReplies() {
        return refusedClientReplies;
    }
}
