package io.smtpy.webhooks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One POST of a delivery: when, the HTTP status (none when no answer came), how long it took, and what happened. */
public final class DeliveryAttempt {
    private final Instant at;
    private final Optional<Integer> status;
    private final long durationMillis;
    private final String outcome;

    public DeliveryAttempt(Instant at, Optional<Integer> status, long durationMillis, String outcome) {
        this.at = Objects.requireNonNull(at, "at");
        this.status = Objects.requireNonNull(status, "status");
        this.durationMillis = durationMillis;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    public Instant at() {
        return at;
    }

    public Optional<Integer> status() {
        return status;
    }

    public long durationMillis() {
        return durationMillis;
    }

    /** {@code "POST https://hooks.example/in answered 500"}, a refusal by the SSRF guard, a timeout. */
    public String outcome() {
        return outcome;
    }

    public boolean succeeded() {
        return status.map(code -> code >= 200 && code < 300).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeliveryAttempt)) {
            return false;
        }
        DeliveryAttempt other = (DeliveryAttempt) o;
        return at.equals(other.at) && status.equals(other.status) && durationMillis == other.durationMillis
            && outcome.equals(other.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, status, durationMillis, outcome);
    }

    @Override
    public String toString() {
        return "DeliveryAttempt{" + at + " " + outcome + " in " + durationMillis + " ms}";
    }
}
