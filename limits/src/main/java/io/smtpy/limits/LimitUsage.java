package io.smtpy.limits;

import java.time.Instant;

/** One limit's counter in its current window, for the owner's usage report. */
public final class LimitUsage {
    private final LimitSet set;
    private final CounterKey key;
    private final long limit;
    private final long used;
    private final Instant windowStart;
    private final Instant windowEnd;

    LimitUsage(LimitSet set, CounterKey key, long limit, long used, Instant windowStart, Instant windowEnd) {
        this.set = set;
        this.key = key;
        this.limit = limit;
        this.used = used;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    public LimitSet set() {
        return set;
    }

    public CounterKey key() {
        return key;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }
}
