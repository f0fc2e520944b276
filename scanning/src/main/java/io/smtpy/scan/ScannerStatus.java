package io.smtpy.scan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@link DaemonScanner}'s counters since it started, for health checks, metrics and operators: the
 * messages scanned and what was found, and for each configured daemon how often it answered, how often it could not,
 * and its last failure.
 */
public final class ScannerStatus {
    private final long scanned;
    private final long spamScored;
    private final long virusScanned;
    private final long infected;
    private final Optional<Daemon> spamd;
    private final Optional<Daemon> clamd;

    public ScannerStatus(long scanned, long spamScored, long virusScanned, long infected, Optional<Daemon> spamd, Optional<Daemon> clamd) {
        this.scanned = scanned;
        this.spamScored = spamScored;
        this.virusScanned = virusScanned;
        this.infected = infected;
        this.spamd = Objects.requireNonNull(spamd);
        this.clamd = Objects.requireNonNull(clamd);
    }

    /** Messages for which at least one configured scanner was asked. */
    public long scanned() {
        return scanned;
    }

    /** Messages spamd scored (a verdict with a score, not skipped or unavailable). */
    public long spamScored() {
        return spamScored;
    }

    /** Messages clamd scanned to a verdict (clean or infected). */
    public long virusScanned() {
        return virusScanned;
    }

    /** Messages clamd found infected. */
    public long infected() {
        return infected;
    }

    /** spamd's counters; empty when no spamd is configured. */
    public Optional<Daemon> spamd() {
        return spamd;
    }

    /** clamd's counters; empty when no clamd is configured. */
    public Optional<Daemon> clamd() {
        return clamd;
    }

    @Override
    public String toString() {
        return "scanned " + scanned + ", spam scored " + spamScored + ", virus scanned " + virusScanned + ", infected " + infected
            + spamd.map(daemon -> ", " + daemon).orElse("") + clamd.map(daemon -> ", " + daemon).orElse("");
    }

    /** One daemon's counters. */
    public static final class Daemon {
        private final String name;
        private final String address;
        private final long answered;
        private final long unavailable;
        private final Optional<String> lastError;
        private final Optional<Instant> lastErrorAt;
        private final boolean failing;

        public Daemon(String name, String address, long answered, long unavailable, Optional<String> lastError,
                      Optional<Instant> lastErrorAt, boolean failing) {
            this.name = Objects.requireNonNull(name);
            this.address = Objects.requireNonNull(address);
            this.answered = answered;
            this.unavailable = unavailable;
            this.lastError = Objects.requireNonNull(lastError);
            this.lastErrorAt = Objects.requireNonNull(lastErrorAt);
            this.failing = failing;
        }

        /** {@code spamd} or {@code clamd}. */
        public String name() {
            return name;
        }

        /** HOST:PORT as configured. */
        public String address() {
            return address;
        }

        /** Requests it answered with a verdict (messages over the spam size limit are not sent and not counted). */
        public long answered() {
            return answered;
        }

        /** Requests that gave an UNAVAILABLE verdict (unreachable, too slow, busy, refused or malformed answers). */
        public long unavailable() {
            return unavailable;
        }

        /** The detail of its last failure ({@code connection refused}), empty if it never failed. */
        public Optional<String> lastError() {
            return lastError;
        }

        public Optional<Instant> lastErrorAt() {
            return lastErrorAt;
        }

        /** Whether its last request failed (it has not answered since its last error). */
        public boolean failing() {
            return failing;
        }

        @Override
        public String toString() {
            return name + " " + address + (failing ? " failing" : "") + ": answered " + answered + ", unavailable " + unavailable
                + lastError.map(error -> ", last error " + error + " at " + lastErrorAt.map(Instant::toString).orElse("?")).orElse("");
        }
    }
}
