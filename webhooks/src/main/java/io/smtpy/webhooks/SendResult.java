package io.smtpy.webhooks;

import java.util.Optional;

/** How one POST went: the final HTTP status when an answer came, and a line that says what happened. */
public final class SendResult {
    private final Optional<Integer> status;
    private final String outcome;

    SendResult(Optional<Integer> status, String outcome) {
        this.status = status;
        this.outcome = outcome;
    }

    static SendResult answered(int status, String outcome) {
        return new SendResult(Optional.of(status), outcome);
    }

    static SendResult failed(String outcome) {
        return new SendResult(Optional.empty(), outcome);
    }

    public Optional<Integer> status() {
        return status;
    }

    public String outcome() {
        return outcome;
    }

    public boolean delivered() {
        return status.map(code -> code >= 200 && code < 300).orElse(false);
    }

    /** 410 Gone: the receiver wants no more messages. */
    public boolean gone() {
        return status.map(code -> code == 410).orElse(false);
    }

    @Override
    public String toString() {
        return outcome;
    }
}
