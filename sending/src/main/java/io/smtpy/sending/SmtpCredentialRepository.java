package io.smtpy.sending;

import java.util.List;
import java.util.Optional;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;

/**
 * Where SMTP credentials are kept. The submission server asks {@link #findByUsername} once per AUTH, so it must be an
 * indexed lookup; user names are unique across all domains (AUTH names no domain) and compare lowered.
 */
public interface SmtpCredentialRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when its id or its user name is taken (by any domain) */
    void add(SmtpCredential credential);

    Optional<SmtpCredential> find(DomainName domain, AccessId id);

    /** @param username as the client gave it; lowered here */
    Optional<SmtpCredential> findByUsername(String username);

    /** The domain's credentials, oldest first (then by id). */
    List<SmtpCredential> list(DomainName domain);

    /**
     * Replaces the stored credential of the same domain and id; its user name cannot change.
     *
     * @return whether there was one to replace
     */
    boolean update(SmtpCredential credential);

    /** @return whether it was stored */
    boolean remove(DomainName domain, AccessId id);

    /** Every credential of the domain, when the domain goes. @return how many */
    int removeAll(DomainName domain);
}
