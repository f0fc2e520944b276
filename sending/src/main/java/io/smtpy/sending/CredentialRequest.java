package io.smtpy.sending;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an owner asks for when creating a credential, as given (validated by {@link SmtpCredentials#create}):
 * an optional user name ({@code name} or {@code name@domain}), the alias it is for, the addresses it may send as
 * (by default the alias's address, or any address of the domain), whether its mail is held for review, a description.
 */
public final class CredentialRequest {
    private final Optional<String> username;
    private final Optional<String> alias;
    private final Optional<List<String>> sendAs;
    private final boolean hold;
    private final String description;

    public CredentialRequest(Optional<String> username, Optional<String> alias, Optional<List<String>> sendAs, boolean hold,
                             String description) {
        this.username = Objects.requireNonNull(username, "username");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.sendAs = Objects.requireNonNull(sendAs, "sendAs");
        this.hold = hold;
        this.description = Objects.requireNonNull(description, "description");
    }

    public static CredentialRequest forDomain() {
        return new CredentialRequest(Optional.empty(), Optional.empty(), Optional.empty(), false, "");
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> alias() {
        return alias;
    }

    public Optional<List<String>> sendAs() {
        return sendAs;
    }

    public boolean hold() {
        return hold;
    }

    public String description() {
        return description;
    }
}
