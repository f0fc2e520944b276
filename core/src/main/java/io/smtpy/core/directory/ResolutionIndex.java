package io.smtpy.core.directory;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The in-memory copy of everything resolution reads: domains with their settings and, per domain, a hash map
 * of aliases. Lookups cost the same with a thousand aliases or a million, and never touch storage.
 *
 * <p>Kept in step by {@link AliasDirectory}, which changes it only after storage accepted a write and while
 * holding the domain's write lock: a reader never sees anything storage did not accept. A single write is seen
 * whole or not at all; while a batch (an import) is being applied a reader may see part of it.
 */
final class ResolutionIndex {
    private final Map<DomainName, Entry> entries = new ConcurrentHashMap<>();

    static final class Entry {
        private volatile Domain domain;
        private final Map<LocalPart, Alias> aliases = new ConcurrentHashMap<>();

        private Entry(Domain domain) {
            this.domain = domain;
        }

        Domain domain() {
            return domain;
        }

        Optional<Alias> alias(LocalPart localPart) {
            return Optional.ofNullable(aliases.get(localPart));
        }

        int aliasCount() {
            return aliases.size();
        }
    }

    Optional<Entry> entry(DomainName name) {
        return Optional.ofNullable(entries.get(name));
    }

    void putDomain(Domain domain) {
        Entry existing = entries.get(domain.name());
        if (existing == null) {
            entries.put(domain.name(), new Entry(domain));
        } else {
            existing.domain = domain;
        }
    }

    void removeDomain(DomainName name) {
        entries.remove(name);
    }

    void putAliases(DomainName domain, Collection<Alias> aliases) {
        Entry entry = entries.get(domain);
        if (entry != null) {
            aliases.forEach(alias -> entry.aliases.put(alias.address().localPart(), alias));
        }
    }

    void putAlias(Alias alias) {
        entry(alias.address().domain()).ifPresent(entry -> entry.aliases.put(alias.address().localPart(), alias));
    }

    void removeAlias(AliasAddress address) {
        entry(address.domain()).ifPresent(entry -> entry.aliases.remove(address.localPart()));
    }
}
