package io.smtpy.rules.lists;

import java.time.Instant;
import java.util.Objects;

/** Hits counted in memory for one entry since the last flush: how many, and when the last one was. */
public final class ListHits {
    private final ListScope scope;
    private final ListEntryId id;
    private final long count;
    private final Instant lastHitAt;

    public ListHits(ListScope scope, ListEntryId id, long count, Instant lastHitAt) {
        this.scope = Objects.requireNonNull(scope);
        this.id = Objects.requireNonNull(id);
        this.count = count;
        this.lastHitAt = Objects.requireNonNull(lastHitAt);
    }

    public ListScope scope() {
        return scope;
    }

    public ListEntryId id() {
        return id;
    }

    public long count() {
        return count;
    }

    public Instant lastHitAt() {
        return lastHitAt;
    }
}
