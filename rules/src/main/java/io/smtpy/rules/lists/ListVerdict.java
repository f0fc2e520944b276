package io.smtpy.rules.lists;

import java.util.Objects;
import java.util.Optional;

/**
 * What the lists say about one mail: nothing ({@link #NONE}), allowed, or blocked, with the entry that decided and
 * the identity it matched. At RCPT a caller acts on a block only when {@link #matchedOn()} is an envelope identity
 * ({@link MatchedOn#SENDER} or {@link MatchedOn#CLIENT_IP}); a header From match is for after DATA.
 */
public final class ListVerdict {
    /** Which identity of the mail the deciding entry matched. */
    public enum MatchedOn {
        SENDER,
        HEADER_FROM,
        CLIENT_IP;

        /** Whether the identity is known at RCPT (the envelope sender and the client), before the message is read. */
        public boolean envelope() {
            return this != HEADER_FROM;
        }
    }

    /** No entry matched: the lists have no say. */
    public static final ListVerdict NONE = new ListVerdict(null, null);

    private final ListEntry entry;
    private final MatchedOn matchedOn;

    private ListVerdict(ListEntry entry, MatchedOn matchedOn) {
        this.entry = entry;
        this.matchedOn = matchedOn;
    }

    static ListVerdict decidedBy(ListEntry entry, MatchedOn matchedOn) {
        return new ListVerdict(Objects.requireNonNull(entry), Objects.requireNonNull(matchedOn));
    }

    public boolean blocked() {
        return entry != null && entry.type() == ListType.BLOCK;
    }

    public boolean allowed() {
        return entry != null && entry.type() == ListType.ALLOW;
    }

    /** The entry that decided; empty for {@link #NONE}. */
    public Optional<ListEntry> entry() {
        return Optional.ofNullable(entry);
    }

    /**
     * The identity the deciding entry matched.
     *
     * @throws IllegalStateException for {@link #NONE}
     */
    public MatchedOn matchedOn() {
        if (entry == null) {
            throw new IllegalStateException("no entry matched");
        }
        return matchedOn;
    }

    /**
     * What to do with a blocked mail.
     *
     * @throws IllegalStateException unless {@link #blocked()}
     */
    public ListAction action() {
        if (!blocked()) {
            throw new IllegalStateException("only a block verdict has an action; this one is " + this);
        }
        return entry.action().orElse(ListAction.REJECT);
    }

    /** For events and logs: {@code block list entry 42 '*@spam.example' of domain example.com}; empty for {@link #NONE}. */
    public String reason() {
        return entry == null ? "" : entry.describe();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ListVerdict)) {
            return false;
        }
        ListVerdict other = (ListVerdict) o;
        return Objects.equals(entry, other.entry) && matchedOn == other.matchedOn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(entry, matchedOn);
    }

    @Override
    public String toString() {
        return entry == null ? "no list entry matched" : reason() + " (matched the " + matchedOn.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
