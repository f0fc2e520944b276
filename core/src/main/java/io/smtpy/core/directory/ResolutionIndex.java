package io.smtpy.core.directory;

import java.time.Instant;
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
 * The in-memory copy of everything resolution reads: domains with their settings and, per domain, an
 * {@link AliasTable} of compact {@link AliasRecord}s. Lookups cost the same with a thousand aliases or a million,
 * and never touch storage.
 *
 * <p>Domains are keyed by their ASCII form ({@link DomainName#asString()}) so the resolver can look a
 * recipient's domain up as James hands it over, and parse it into a {@code DomainName} only when that fails.
 *
 * <p>Kept in step by {@link AliasDirectory}, which changes it only after storage accepted a write and while
 * holding the domain's write lock: a reader never sees anything storage did not accept. A single write is seen
 * whole or not at all; while a batch (an import) is being applied a reader may see part of it.
 */
final class ResolutionIndex {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    static final class Entry {
        private volatile Domain domain;
        private final AliasTable aliases = new AliasTable();

        private Entry(Domain domain) {
            this.domain = domain;
        }

        Domain domain() {
            return domain;
        }

        /**
         * @param lowerCaseLocalPart any string; only a lower-case local part of an alias finds one
         * @return the alias's {@link AliasRecord}, or null
         */
        byte[] record(String lowerCaseLocalPart) {
            return aliases.get(lowerCaseLocalPart);
        }

        boolean hasAlias(LocalPart localPart) {
            return aliases.get(localPart.asString()) != null;
        }

        Optional<Instant> aliasCreatedAt(LocalPart localPart) {
            return Optional.ofNullable(aliases.get(localPart.asString())).map(AliasRecord::createdAt);
        }

        int aliasCount() {
            return aliases.size();
        }
    }

    Optional<Entry> entry(DomainName name) {
        return Optional.ofNullable(entries.get(name.asString()));
    }

    /**
     * @param asciiName a domain name as {@link DomainName#asString()} gives it; any other string finds nothing
     * @return the domain's entry, or null
     */
    Entry entry(String asciiName) {
        return entries.get(asciiName);
    }

    void putDomain(Domain domain) {
        Entry existing = entries.get(domain.name().asString());
        if (existing == null) {
            entries.put(domain.name().asString(), new Entry(domain));
        } else {
            existing.domain = domain;
        }
    }

    /** Puts the domain with exactly these aliases in one step: readers see the old entry or the new, never none. */
    void replaceDomain(Domain domain, Collection<Alias> aliases) {
        Entry entry = new Entry(domain);
        aliases.forEach(alias -> entry.aliases.put(AliasRecord.of(alias)));
        entries.put(domain.name().asString(), entry);
    }

    /** The domains the index holds. */
    java.util.Set<DomainName> domainNames() {
        java.util.Set<DomainName> names = new java.util.HashSet<>();
        entries.values().forEach(entry -> names.add(entry.domain().name()));
        return names;
    }

    void removeDomain(DomainName name) {
        entries.remove(name.asString());
    }

    void putAliases(DomainName domain, Collection<Alias> aliases) {
        Entry entry = entries.get(domain.asString());
        if (entry != null) {
            aliases.forEach(alias -> entry.aliases.put(AliasRecord.of(alias)));
        }
    }

    void putAlias(Alias alias) {
        entry(alias.address().domain()).ifPresent(entry -> entry.aliases.put(AliasRecord.of(alias)));
    }

    void removeAlias(AliasAddress address) {
        entry(address.domain()).ifPresent(entry -> entry.aliases.remove(address.localPart().asString()));
    }
}
