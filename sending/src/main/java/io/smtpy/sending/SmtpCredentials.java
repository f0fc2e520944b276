package io.smtpy.sending;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/**
 * Owners' management of SMTP credentials: create (the secret is generated, shown once, kept as its SHA-256), list,
 * change what one may send as or whether its mail is held, reset its secret, revoke it. Domain and alias existence
 * and who may call are the caller's business (the routes and their guard).
 */
public final class SmtpCredentials {
    /** Tells secret scanners what a leaked string is. */
    public static final String PASSWORD_PREFIX = "smtpyp_";

    private final SmtpCredentialRepository repository;
    private final Clock clock;

    public SmtpCredentials(SmtpCredentialRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidFieldException for a field that cannot be used, naming it
     * @throws AlreadyExistsException when the user name asked for is taken
     */
    public IssuedCredential create(DomainName domain, CredentialRequest request) {
        Optional<LocalPart> alias = request.alias().map(text -> localPart(text, "alias"));
        SendAs sendAs = request.sendAs()
            .map(entries -> SendAs.parse(domain, entries, "sendAs"))
            .orElseGet(() -> alias.map(localPart -> SendAs.only(domain, localPart)).orElseGet(() -> SendAs.anyAddressOf(domain)));
        String description = description(request.description());
        String password = newPassword();
        Optional<String> asked = request.username().map(name -> username(domain, name));
        String username = asked
            .or(() -> alias.map(localPart -> localPart.asString() + "@" + domain.asString())
                .filter(name -> repository.findByUsername(name).isEmpty()))
            .orElseGet(() -> generatedUsername(domain));
        SmtpCredential credential = new SmtpCredential(AccessId.generate(SmtpCredential.ID_PREFIX), domain, alias, username,
            ApiKeyToken.sha256(password), sendAs, request.hold(), description, clock.instant());
        repository.add(credential);
        return new IssuedCredential(credential, password);
    }

    public List<SmtpCredential> list(DomainName domain) {
        return repository.list(domain);
    }

    public Optional<SmtpCredential> find(DomainName domain, AccessId id) {
        return repository.find(domain, id);
    }

    /** @throws InvalidFieldException for a field that cannot be used, naming it */
    public Optional<SmtpCredential> update(DomainName domain, AccessId id, CredentialChange change) {
        Optional<SmtpCredential> stored = repository.find(domain, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        SmtpCredential changed = stored.get();
        if (change.sendAs().isPresent()) {
            changed = changed.withSendAs(SendAs.parse(domain, change.sendAs().get(), "sendAs"));
        }
        if (change.hold().isPresent()) {
            changed = changed.withHold(change.hold().get());
        }
        if (change.description().isPresent()) {
            changed = changed.withDescription(description(change.description().get()));
        }
        return repository.update(changed) ? Optional.of(changed) : Optional.empty();
    }

    /** A new secret; the old one stops working at once. */
    public Optional<IssuedCredential> resetPassword(DomainName domain, AccessId id) {
        Optional<SmtpCredential> stored = repository.find(domain, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String password = newPassword();
        SmtpCredential changed = stored.get().withSecretHash(ApiKeyToken.sha256(password));
        return repository.update(changed) ? Optional.of(new IssuedCredential(changed, password)) : Optional.empty();
    }

    public boolean revoke(DomainName domain, AccessId id) {
        return repository.remove(domain, id);
    }

    private static String newPassword() {
        return PASSWORD_PREFIX + ApiKeyToken.randomSecret();
    }

    private static String username(DomainName domain, String given) {
        String text = given.trim();
        int at = text.lastIndexOf('@');
        String local = at < 0 ? text : text.substring(0, at);
        if (at >= 0) {
            DomainName named;
            try {
                named = DomainName.of(text.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("username", "'username' has an invalid domain");
            }
            if (!named.equals(domain)) {
                throw new InvalidFieldException("username", "'username' must be an address of " + domain.asString()
                    + " (or a bare name, completed with it)");
            }
        }
        return localPart(local, "username").asString() + "@" + domain.asString();
    }

    private static String generatedUsername(DomainName domain) {
        StringBuilder name = new StringBuilder("smtp-");
        for (int i = 0; i < 10; i++) {
            name.append(Character.forDigit(ThreadLocalRandom.current().nextInt(36), 36));
        }
        return name.append('@').append(domain.asString()).toString();
    }

    private static LocalPart localPart(String text, String field) {
        try {
            return LocalPart.of(text.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "'" + field + "' is not a valid local part: " + e.getMessage());
        }
    }

    private static String description(String text) {
        if (text.length() > SmtpCredential.MAX_DESCRIPTION_LENGTH) {
            throw new InvalidFieldException("description", "'description' is longer than "
                + SmtpCredential.MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }
}
