package io.smtpy.rules.lists;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an owner asks to add to a list, before {@link SenderLists#add} validates it: the value as written, and the
 * optional action (block entries only), note and expiry.
 */
public final class NewListEntry {
    private final ListType type;
    private final String value;
    private final Optional<ListAction> action;
    private final String note;
    private final Optional<Instant> expiresAt;

    private NewListEntry(ListType type, String value, Optional<ListAction> action, String note, Optional<Instant> expiresAt) {
        this.type = Objects.requireNonNull(type);
        this.value = Objects.requireNonNull(value);
        this.action = Objects.requireNonNull(action);
        this.note = Objects.requireNonNull(note);
        this.expiresAt = Objects.requireNonNull(expiresAt);
    }

    public static NewListEntry of(ListType type, String value) {
        return new NewListEntry(type, value, Optional.empty(), "", Optional.empty());
    }

    public static NewListEntry block(String value) {
        return of(ListType.BLOCK, value);
    }

    public static NewListEntry allow(String value) {
        return of(ListType.ALLOW, value);
    }

    public NewListEntry action(Optional<ListAction> action) {
        return new NewListEntry(type, value, action, note, expiresAt);
    }

    public NewListEntry action(ListAction action) {
        return action(Optional.of(action));
    }

    public NewListEntry note(String note) {
        return new NewListEntry(type, value, action, note, expiresAt);
    }

    public NewListEntry expiresAt(Optional<Instant> expiresAt) {
        return new NewListEntry(type, value, action, note, expiresAt);
    }

    public NewListEntry expiresAt(Instant expiresAt) {
        return expiresAt(Optional.of(expiresAt));
    }

    public ListType type() {
        return type;
    }

    public String value() {
        return value;
    }

    public Optional<ListAction> action() {
        return action;
    }

    public String note() {
        return note;
    }

    public Optional<Instant> expiresAt() {
        return expiresAt;
    }
}
