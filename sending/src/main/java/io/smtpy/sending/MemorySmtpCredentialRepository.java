package io.smtpy.sending;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;

/** SMTP credentials in a map, for tests and the memory storage flavour. */
public class MemorySmtpCredentialRepository implements SmtpCredentialRepository {
    private static final Comparator<SmtpCredential> ORDER =
        Comparator.comparing(SmtpCredential::createdAt).thenComparing(SmtpCredential::id);

    private final Map<AccessId, SmtpCredential> credentials = new ConcurrentHashMap<>();

    @Override
    public synchronized void add(SmtpCredential credential) {
        if (credentials.containsKey(credential.id())) {
            throw new AlreadyExistsException("SMTP credential " + credential.id() + " already exists");
        }
        if (findByUsername(credential.username()).isPresent()) {
            throw new AlreadyExistsException("the user name " + credential.username() + " is taken");
        }
        credentials.put(credential.id(), credential);
    }

    @Override
    public Optional<SmtpCredential> find(DomainName domain, AccessId id) {
        return Optional.ofNullable(credentials.get(id)).filter(credential -> credential.domain().equals(domain));
    }

    @Override
    public Optional<SmtpCredential> findByUsername(String username) {
        String lowered = SmtpCredential.normalizeUsername(username);
        return credentials.values().stream().filter(credential -> credential.username().equals(lowered)).findFirst();
    }

    @Override
    public List<SmtpCredential> list(DomainName domain) {
        return credentials.values().stream()
            .filter(credential -> credential.domain().equals(domain))
            .sorted(ORDER)
            .collect(Collectors.toList());
    }

    @Override
    public synchronized boolean update(SmtpCredential credential) {
        Optional<SmtpCredential> stored = find(credential.domain(), credential.id());
        if (stored.isEmpty() || !stored.get().username().equals(credential.username())) {
            return false;
        }
        credentials.put(credential.id(), credential);
        return true;
    }

    @Override
    public synchronized boolean remove(DomainName domain, AccessId id) {
        return find(domain, id).map(credential -> credentials.remove(id) != null).orElse(false);
    }

    @Override
    public synchronized int removeAll(DomainName domain) {
        List<AccessId> ids = credentials.values().stream()
            .filter(credential -> credential.domain().equals(domain))
            .map(SmtpCredential::id)
            .collect(Collectors.toList());
        ids.forEach(credentials::remove);
        return ids.size();
    }
}
