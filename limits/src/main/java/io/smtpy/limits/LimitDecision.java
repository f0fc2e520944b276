package io.smtpy.limits;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * The limits' answer for a recipient or a mail: allow (and what was counted for it), or defer / reject with the
 * {@link SmtpStatus} to give the client and the limit that refused it (none when the counters did not answer:
 * {@code 451 4.3.0}). Only {@link LimitPolicy} makes them.
 */
public final class LimitDecision {
    public enum Verdict {
        ALLOW,
        /** A 4xx: the client should try again later ({@link LimitAction#DEFER}). */
        DEFER,
        /** A 5xx ({@link LimitAction#REJECT}). */
        REJECT
    }

    private static final LimitDecision ALLOW_UNCOUNTED = new LimitDecision(List.of(), null, null);
    /** The counters did not answer ({@link LimitCountersUnavailable}): the mail is deferred, not let through uncounted. */
    private static final LimitDecision UNAVAILABLE = new LimitDecision(List.of(),
        SmtpStatus.of(451, "4.3.0", "temporarily unable to count this mail toward its limits, try again later"), null);

    private final List<LimitCounters.Taken> taken;
    private final SmtpStatus status;
    private final LimitBreach breach;

    private LimitDecision(List<LimitCounters.Taken> taken, SmtpStatus status, LimitBreach breach) {
        this.taken = List.copyOf(taken);
        this.status = status;
        this.breach = breach;
    }

    static LimitDecision allow(List<LimitCounters.Taken> taken) {
        return taken.isEmpty() ? ALLOW_UNCOUNTED : new LimitDecision(taken, null, null);
    }

    static LimitDecision refuse(SmtpStatus status, LimitBreach breach) {
        return new LimitDecision(List.of(), Objects.requireNonNull(status), Objects.requireNonNull(breach));
    }

    static LimitDecision unavailable() {
        return UNAVAILABLE;
    }

    public Verdict verdict() {
        if (status == null) {
            return Verdict.ALLOW;
        }
        return status.permanentFailure() ? Verdict.REJECT : Verdict.DEFER;
    }

    public boolean allowed() {
        return status == null;
    }

    /** The reply for the client when refused. */
    public Optional<SmtpStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The limit that refused the mail; empty when allowed, or deferred because the counters did not answer. */
    public Optional<LimitBreach> breach() {
        return Optional.ofNullable(breach);
    }

    /** Why the mail was refused, for logs and events: the limit, or that the counters did not answer. */
    public String reason() {
        return breach != null ? breach.toString() : status == null ? "allowed" : "the limit counters did not answer";
    }

    /** What was counted for an allowed mail ({@link LimitPolicy#undo} gives it back). */
    List<LimitCounters.Taken> taken() {
        return taken;
    }

    @Override
    public String toString() {
        return status == null ? "allow" : verdict().name().toLowerCase(java.util.Locale.ROOT) + ": " + status + " (" + reason() + ")";
    }
}
