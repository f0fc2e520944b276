package io.smtpy.limits;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Which limit refused a mail: the subject's set, the metric, its value, and when its window ends. */
public final class LimitBreach {
    private final LimitSet set;
    private final CounterKey key;
    private final long limit;
    private final Optional<Instant> retryAfter;

    LimitBreach(LimitSet set, CounterKey key, long limit, Optional<Instant> retryAfter) {
        this.set = Objects.requireNonNull(set);
        this.key = Objects.requireNonNull(key);
        this.limit = limit;
        this.retryAfter = Objects.requireNonNull(retryAfter);
    }

    public LimitSet set() {
        return set;
    }

    public LimitSubject subject() {
        return key.subject();
    }

    public LimitDirection direction() {
        return key.direction();
    }

    public LimitMetric metric() {
        return key.metric();
    }

    public Optional<String> recipientDomain() {
        return key.recipientDomain();
    }

    public long limit() {
        return limit;
    }

    /** The end of the limit's window; empty for {@code recipientsPerMessage}, which no waiting cures. */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }

    @Override
    public String toString() {
        return key + " " + limit;
    }
}
