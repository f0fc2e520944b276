package io.smtpy.sending.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * When a sender is told that a copy of their mail is delayed: once, at the first failed attempt after the copy has
 * waited {@code queue.delayNoticeAfter} (smtpy.properties; default 4 hours, {@code 0} for never), never for a null
 * sender (a notice about a notice would loop).
 */
public final class DelayNoticePolicy {
    public static final Duration DEFAULT_AFTER = Duration.ofHours(4);
    public static final DelayNoticePolicy NEVER = new DelayNoticePolicy(Duration.ZERO);

    private final Duration after;

    public DelayNoticePolicy(Duration after) {
        if (after.isNegative()) {
            throw new IllegalArgumentException("queue.delayNoticeAfter must not be negative, got " + after);
        }
        this.after = after;
    }

    public Duration after() {
        return after;
    }

    public boolean noticeDue(Instant queuedAt, Instant now, boolean nullSender, boolean alreadyNoticed) {
        return !after.isZero() && !nullSender && !alreadyNoticed && !queuedAt.plus(after).isAfter(now);
    }
}
