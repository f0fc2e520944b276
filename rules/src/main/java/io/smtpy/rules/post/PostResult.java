package io.smtpy.rules.post;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a post went, in words fit for the owner's event log: {@code POST https://x/y answered 200},
 * {@code refused: 10.0.0.1 is a private address}, {@code timed out after 10 s}. The URL is shown without its query,
 * which often carries the owner's own token.
 */
public final class PostResult {
    private final boolean delivered;
    private final OptionalInt status;
    private final String detail;

    private PostResult(boolean delivered, OptionalInt status, String detail) {
        this.delivered = delivered;
        this.status = status;
        this.detail = Objects.requireNonNull(detail);
    }

    static PostResult delivered(int status, String detail) {
        return new PostResult(true, OptionalInt.of(status), detail);
    }

    static PostResult answered(int status, String detail) {
        return new PostResult(false, OptionalInt.of(status), detail);
    }

    static PostResult failed(String detail) {
        return new PostResult(false, OptionalInt.empty(), detail);
    }

    /** Whether the endpoint answered 2xx. */
    public boolean delivered() {
        return delivered;
    }

    /** The HTTP status, when the endpoint answered at all. */
    public OptionalInt status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return detail;
    }
}
