package io.smtpy.sending.relay;

import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * What one attempt to hand a copy to a domain's relay gave: delivered, or failed for now (tried again later) or for
 * good (bounced), with the relay's reply or what went wrong before it could answer.
 *
 * <p>Which failures are temporary: everything before the relay took the envelope is the owner's configuration or the
 * network (unreachable, TLS refused or not offered, the guard refusing the address, AUTH refused — a wrong password,
 * {@code 535}, is fixed by the owner and the next attempt delivers), so the copy waits rather than bounce. After that
 * the reply decides: {@code 4xx} temporary, {@code 5xx} permanent.
 */
public final class RelayAttempt {
    /** How far the attempt went. */
    public enum Outcome {
        DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE
    }

    private final Outcome outcome;
    private final String reply;

    private RelayAttempt(Outcome outcome, String reply) {
        this.outcome = outcome;
        this.reply = Objects.requireNonNull(reply);
    }

    public static RelayAttempt delivered(String reply) {
        return new RelayAttempt(Outcome.DELIVERED, reply);
    }

    /** The relay could not be reached, refused TLS or AUTH, or the guard refused it: always worth another try. */
    public static RelayAttempt notConnected(String reason) {
        return new RelayAttempt(Outcome.TEMPORARY_FAILURE, reason);
    }

    /** The relay refused the envelope or the message: its reply's code decides (no code: temporary). */
    public static RelayAttempt refused(String reply) {
        boolean permanent = SmtpStatus.findIn(reply).map(SmtpStatus::permanentFailure).orElse(false);
        return new RelayAttempt(permanent ? Outcome.PERMANENT_FAILURE : Outcome.TEMPORARY_FAILURE, reply);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The relay's reply ({@code 535 5.7.8 Authentication failed}) or what happened instead. */
    public String reply() {
        return reply;
    }

    public Optional<SmtpStatus> status() {
        return SmtpStatus.findIn(reply);
    }

    @Override
    public String toString() {
        return outcome + ": " + reply;
    }
}
