package io.smtpy.limits;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * The limits' answer for a recipient or a mail: allow (and what was counted for it), or defer / reject with the
 * {@link SmtpStatus} to give the client and the limit that refused it. Only {@link LimitPolicy} makes them.
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

    public Optional<LimitBreach> breach() {
        return Optional.ofNullable(breach);
    }

    /** What was counted for an allowed mail ({@link LimitPolicy#undo} gives it back). */
    List<LimitCounters.Taken> taken() {
        return taken;
    }

    @Override
    public String toString() {
        return status == null ? "allow" : verdict().name().toLowerCase(java.util.Locale.ROOT) + ": " + status + " (" + breach + ")";
    }
}
