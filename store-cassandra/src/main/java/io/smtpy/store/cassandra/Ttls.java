package io.smtpy.store.cassandra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.datastax.oss.driver.api.core.cql.Row;

/** Cassandra TTLs of rows that expire: computed from the model's instants, never past what Cassandra takes. */
final class Ttls {
    /** Cassandra's largest TTL (20 years); a row kept longer is written without one. */
    static final long MAX_SECONDS = 630_720_000L;

    private Ttls() {
    }

    /**
     * Seconds from now to {@code kept} past {@code expiresAt} (past now when it has already passed); 0, no TTL, when
     * that is beyond {@link #MAX_SECONDS}.
     */
    static int keptPast(Clock clock, Instant expiresAt, Duration kept) {
        Instant now = clock.instant();
        long seconds = Duration.between(now, expiresAt.isAfter(now) ? expiresAt : now).plus(kept).getSeconds();
        return seconds > MAX_SECONDS ? 0 : (int) seconds;
    }

    /**
     * The TTL for rewriting a row's cells, never ending before the row's own ({@code current}'s column {@code ttl}):
     * cells that died first would leave the row's key alive with empty columns.
     */
    static int neverShorter(int ttl, Row current) {
        if (current.isNull("ttl") || ttl == 0) {
            return 0;
        }
        return Math.max(ttl, current.getInt("ttl"));
    }
}
