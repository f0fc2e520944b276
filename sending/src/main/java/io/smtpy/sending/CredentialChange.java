package io.smtpy.sending;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an owner changes on a credential; absent parts stay as they are. The user name never changes. */
public final class CredentialChange {
    private final Optional<List<String>> sendAs;
    private final Optional<Boolean> hold;
    private final Optional<String> description;

    public CredentialChange(Optional<List<String>> sendAs, Optional<Boolean> hold, Optional<String> description) {
        this.sendAs = Objects.requireNonNull(sendAs, "sendAs");
        this.hold = Objects.requireNonNull(hold, "hold");
        this.description = Objects.requireNonNull(description, "description");
    }

    public Optional<List<String>> sendAs() {
        return sendAs;
    }

    public Optional<Boolean> hold() {
        return hold;
    }

    public Optional<String> description() {
        return description;
    }
}
