package io.smtpy.rules.lists;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a block or allow list: in its scope, what it matches ({@link ListValue}), and for a block entry what
 * happens to the mail ({@link ListAction}); an allow entry has no action. An entry past its {@code expiresAt} no
 * longer matches (it stays listed until deleted). {@code hits} and {@code lastHitAt} count the mail it decided.
 */
public final class ListEntry {
    public static final int MAX_NOTE_LENGTH = 500;

    private final ListEntryId id;
    private final ListScope scope;
    private final ListType type;
    private final ListValue value;
    private final Optional<ListAction> action;
    private final String note;
    private final Optional<Instant> expiresAt;
    private final Instant createdAt;
    private final long hits;
    private final Optional<Instant> lastHitAt;

    private ListEntry(Builder builder) {
        this.id = Objects.requireNonNull(builder.id, "id");
        this.scope = Objects.requireNonNull(builder.scope, "scope");
        this.type = Objects.requireNonNull(builder.type, "type");
        this.value = Objects.requireNonNull(builder.value, "value");
        this.action = type == ListType.BLOCK ? Optional.of(builder.action.orElse(ListAction.REJECT)) : Optional.empty();
        if (type == ListType.ALLOW && builder.action.isPresent()) {
            throw new IllegalArgumentException("an allow entry takes no action");
        }
        this.note = Objects.requireNonNull(builder.note, "note");
        this.expiresAt = Objects.requireNonNull(builder.expiresAt, "expiresAt");
        this.createdAt = Objects.requireNonNull(builder.createdAt, "createdAt");
        this.hits = builder.hits;
        this.lastHitAt = Objects.requireNonNull(builder.lastHitAt, "lastHitAt");
    }

    /** An entry with no note, no expiry, no hits and, for a block entry, the action {@code reject} until set. */
    public static Builder builder(ListEntryId id, ListScope scope, ListType type, ListValue value, Instant createdAt) {
        return new Builder(id, scope, type, value, createdAt);
    }

    public Builder toBuilder() {
        return new Builder(id, scope, type, value, createdAt)
            .action(type == ListType.BLOCK ? action : Optional.empty())
            .note(note)
            .expiresAt(expiresAt)
            .hits(hits, lastHitAt);
    }

    public ListEntryId id() {
        return id;
    }

    public ListScope scope() {
        return scope;
    }

    public ListType type() {
        return type;
    }

    public ListValue value() {
        return value;
    }

    /** The block action ({@code reject} unless set); empty for an allow entry. */
    public Optional<ListAction> action() {
        return action;
    }

    public String note() {
        return note;
    }

    public Optional<Instant> expiresAt() {
        return expiresAt;
    }

    /** Whether the entry has expired at {@code now}: from its {@code expiresAt} on, it matches nothing. */
    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** How many mails the entry decided. */
    public long hits() {
        return hits;
    }

    public Optional<Instant> lastHitAt() {
        return lastHitAt;
    }

    /** The entry with {@code count} more hits, the last at {@code at} (unless it already has a later one). */
    public ListEntry plusHits(long count, Instant at) {
        Instant last = lastHitAt.filter(known -> known.isAfter(at)).orElse(at);
        return toBuilder().hits(hits + count, Optional.of(last)).build();
    }

    /** For people: {@code block list entry 42 '*@spam.example' of domain example.com}. */
    public String describe() {
        return type.asString() + " list entry " + id + " '" + value + "' of " + scope.describe();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListEntry)) {
            return false;
        }
        ListEntry other = (ListEntry) o;
        return id.equals(other.id) && scope.equals(other.scope) && type == other.type && value.equals(other.value)
            && action.equals(other.action) && note.equals(other.note) && expiresAt.equals(other.expiresAt)
            && createdAt.equals(other.createdAt) && hits == other.hits && lastHitAt.equals(other.lastHitAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, scope, type, value, action, note, expiresAt, createdAt, hits, lastHitAt);
    }

    @Override
    public String toString() {
        return describe();
    }

    public static final class Builder {
        private final ListEntryId id;
        private final ListScope scope;
        private final ListType type;
        private final ListValue value;
        private final Instant createdAt;
        private Optional<ListAction> action = Optional.empty();
        private String note = "";
        private Optional<Instant> expiresAt = Optional.empty();
        private long hits;
        private Optional<Instant> lastHitAt = Optional.empty();

        private Builder(ListEntryId id, ListScope scope, ListType type, ListValue value, Instant createdAt) {
            this.id = id;
            this.scope = scope;
            this.type = type;
            this.value = value;
            this.createdAt = createdAt;
        }

        public Builder action(Optional<ListAction> action) {
            this.action = action;
            return this;
        }

        public Builder action(ListAction action) {
            return action(Optional.of(action));
        }

        public Builder note(String note) {
            this.note = note;
            return this;
        }

        public Builder expiresAt(Optional<Instant> expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            return expiresAt(Optional.of(expiresAt));
        }

        public Builder hits(long hits, Optional<Instant> lastHitAt) {
            this.hits = hits;
            this.lastHitAt = lastHitAt;
            return this;
        }

        /**
         * @throws IllegalArgumentException for an allow entry given an action
         */
        public ListEntry build() {
            return new ListEntry(this);
        }
    }
}
