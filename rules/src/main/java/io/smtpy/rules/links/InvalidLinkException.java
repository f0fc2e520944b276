package io.smtpy.rules.links;

import java.util.Objects;

/** A link token that is not honoured; {@link #reason()} lets a page tell an expired link from a forged one. */
public class InvalidLinkException extends Exception {
    /** Why a token is refused. */
    public enum Reason {
        /** Not a token at all: empty, too long, not base64url, truncated, inconsistent. */
        MALFORMED,
        /** A token format this version does not read. */
        UNKNOWN_VERSION,
        /** The tag does not match: changed, or made with another installation secret. */
        FORGED,
        /** Authentic but past its expiry. */
        EXPIRED
    }

    private final Reason reason;

    public InvalidLinkException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
