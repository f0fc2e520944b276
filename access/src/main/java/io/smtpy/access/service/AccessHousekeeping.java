package io.smtpy.access.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.smtpy.access.Account;
import io.smtpy.access.store.AccessStores;

/**
 * What keeps the access stores from growing without end: each account's audit entries older than its retention,
 * expired sessions, and failed attempts older than {@link #FAILED_ATTEMPTS_KEPT}.
 */
public final class AccessHousekeeping {
    public static final Duration FAILED_ATTEMPTS_KEPT = Duration.ofDays(30);

    /** How much one run removed. */
    public static final class Outcome {
        private final long auditEntries;
        private final long sessions;
        private final long failedAttempts;

        Outcome(long auditEntries, long sessions, long failedAttempts) {
            this.auditEntries = auditEntries;
            this.sessions = sessions;
            this.failedAttempts = failedAttempts;
        }

        public long auditEntries() {
            return auditEntries;
        }

        public long sessions() {
            return sessions;
        }

        public long failedAttempts() {
            return failedAttempts;
        }
    }

    private final AccessStores stores;
    private final AuditTrail audit;
    private final Clock clock;

    public AccessHousekeeping(AccessStores stores, AuditTrail audit, Clock clock) {
        this.stores = stores;
        this.audit = audit;
        this.clock = clock;
    }

    public Outcome run() {
        long auditEntries = 0;
        for (Account account : stores.accounts().list()) {
            auditEntries += audit.applyRetention(account);
        }
        Instant now = clock.instant();
        long sessions = stores.sessions().deleteExpired(now);
        long attempts = stores.failedAttempts().purgeBefore(now.minus(FAILED_ATTEMPTS_KEPT));
        return new Outcome(auditEntries, sessions, attempts);
    }
}
