package io.smtpy.protection;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * What {@link ConnectionGuard} says about a client: go on ({@link #allow()}), go on after a pause
 * ({@link #delay(Duration)}, the client is probing), or stop ({@link #refuse}: the reply to give, and whether to
 * close the connection after it).
 */
public final class GuardDecision {
    public enum Kind {
        ALLOW, DELAY, REFUSE
    }

    private static final GuardDecision ALLOW = new GuardDecision(Kind.ALLOW, Duration.ZERO, null, false, "");

    private final Kind kind;
    private final Duration delay;
    private final SmtpStatus status;
    private final boolean disconnect;
    private final String reason;

    private GuardDecision(Kind kind, Duration delay, SmtpStatus status, boolean disconnect, String reason) {
        this.kind = kind;
        this.delay = delay;
        this.status = status;
        this.disconnect = disconnect;
        this.reason = reason;
    }

    public static GuardDecision allow() {
        return ALLOW;
    }

    public static GuardDecision delay(Duration delay) {
        return new GuardDecision(Kind.DELAY, Objects.requireNonNull(delay, "delay"), null, false, "");
    }

    /** @param reason what refused it, for the operator and the domain owner's event (not sent to the client) */
    public static GuardDecision refuse(SmtpStatus status, boolean disconnect, String reason) {
        return new GuardDecision(Kind.REFUSE, Duration.ZERO, Objects.requireNonNull(status, "status"), disconnect, reason);
    }

    public Kind kind() {
        return kind;
    }

    /** How long to hold the reply; zero unless {@link Kind#DELAY}. */
    public Duration delay() {
        return delay;
    }

    /** The refusal's reply; present for {@link Kind#REFUSE} only. */
    public Optional<SmtpStatus> status() {
        return Optional.ofNullable(status);
    }

    public boolean disconnect() {
        return disconnect;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GuardDecision)) {
            return false;
        }
        GuardDecision other = (GuardDecision) o;
        return kind == other.kind && delay.equals(other.delay) && Objects.equals(status, other.status)
            && disconnect == other.disconnect && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, delay, status, disconnect, reason);
    }

    @Override
    public String toString() {
        switch (kind) {
            case DELAY:
                return "delay " + delay.toMillis() + " ms";
            case REFUSE:
                return "refuse " + status + (disconnect ? " and disconnect" : "") + " (" + reason + ")";
            default:
                return "allow";
        }
    }
}
