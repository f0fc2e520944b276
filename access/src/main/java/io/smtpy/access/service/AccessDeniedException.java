package io.smtpy.access.service;

import java.time.Duration;
import java.util.Optional;

/**
 * A call the guard refuses before anything runs: {@link Reason#UNAUTHENTICATED} (401: no or bad credentials),
 * {@link Reason#THROTTLED} (429, with how long to wait), {@link Reason#FORBIDDEN} (403: a valid principal without
 * the permission). Resources outside the principal's reach are not this: they answer 404 as if absent.
 */
public final class AccessDeniedException extends RuntimeException {
    public enum Reason {
        UNAUTHENTICATED, THROTTLED, FORBIDDEN
    }

    private final Reason reason;
    private final Optional<Duration> retryAfter;

    public AccessDeniedException(Reason reason, String message, Optional<Duration> retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public static AccessDeniedException unauthenticated(String message) {
        return new AccessDeniedException(Reason.UNAUTHENTICATED, message, Optional.empty());
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(Reason.FORBIDDEN, message, Optional.empty());
    }

    public static AccessDeniedException throttled(Duration retryAfter) {
        return new AccessDeniedException(Reason.THROTTLED, "too many failed attempts; retry after "
            + Math.max(1, retryAfter.toSeconds()) + " s", Optional.of(retryAfter));
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
