package io.smtpy.rules.lists;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.IDN;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import io.smtpy.core.cluster.ChangeListeners;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.importing.AliasCsv;
import io.smtpy.core.importing.AliasImport.LineError;
import io.smtpy.core.importing.CsvRecords;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/**
 * Block and allow lists: adding, listing, importing and exporting entries, and deciding a mail from them.
 *
 * <p><b>Precedence.</b> {@link #decide(ListQuery)} asks the scopes that apply to the mail from the narrowest to the
 * widest: the alias, then the domain, then the domain's account, then the operator. The first scope with any live
 * entry matching the mail decides, whatever the wider scopes say: an owner's allow entry lets through a sender the
 * operator blocks, and an alias's block stops a sender its domain allows. Within one scope an allow entry beats a
 * block entry. Expired entries never match. Of the identities, the envelope sender is tried first, then the client
 * address, then the header From; within one identity, the most specific entry (address, wildcard on the exact
 * domain, domain, then wider wildcards; the longest network prefix) is the one reported.
 *
 * <p><b>In memory.</b> Every entry is read from storage once (on first use, or by {@link #reloadAll()}) into one
 * {@link ScopeIndex} per scope; changes made through this service go to storage first, then to the index. So
 * {@code decide} never touches storage and costs a few hash lookups whatever the size of the lists. Hits are counted
 * in memory too and written by {@link #flushHits()}, which the caller schedules; counts not yet flushed are lost on a
 * crash (they are statistics).
 *
 * <p><b>Several nodes.</b> Each scope changed through this service is published on the change feed under
 * {@link #TOPIC}, and every node {@link #reload}s that scope (within the feed's poll, 250 ms by default). Hits other
 * nodes flushed show here when the scope is read again.
 */
public class SenderLists implements SharedIndex<ListScope> {
    /** Entries of a scope were added or deleted; the key is {@link ListScope#key()}. */
    public static final Topic<ListScope> TOPIC = Topic.of("lists", ListScope::key, ListScope::parse);

    /** One entry's hits not yet written to storage. */
    private static final class PendingHits {
        private final ListScope scope;
        private final long count;
        private final Instant last;

        PendingHits(ListScope scope, long count, Instant last) {
            this.scope = scope;
            this.count = count;
            this.last = last;
        }

        PendingHits plus(Instant at) {
            return new PendingHits(scope, count + 1, at.isAfter(last) ? at : last);
        }
    }

    private final ListRepository repository;
    private final Clock clock;
    private final ListLimits limits;
    private final Map<ListScope, ScopeIndex> indexes = new ConcurrentHashMap<>();
    /** Hits not yet written to storage. */
    private final Map<ListEntryId, PendingHits> pendingHits = new ConcurrentHashMap<>();
    /** Hits counted since the entries were read from storage (the index keeps the counts read). */
    private final Map<ListEntryId, PendingHits> hitsSinceLoad = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    /** Domains with entries in their own or their aliases' scopes; see {@link #hasEntries(DomainName)}. */
    private volatile Set<DomainName> domainsWithEntries = Set.of();
    private volatile boolean wideEntries;
    private final ChangeListeners<ListScope> changes = new ChangeListeners<>();

    @Inject
    public SenderLists(ListRepository repository, Clock clock, ListLimits limits) {
        this.repository = repository;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * Validates the entry and adds it to the scope's list.
     *
     * @throws InvalidFieldException naming the field ({@code value}, {@code action}, {@code note}, {@code expiresAt}),
     *     or {@code scope} when the scope's list is full
     * @throws AlreadyExistsException when the scope already has an entry of this type and value
     */
    public ListEntry add(ListScope scope, NewListEntry entry) {
        Instant now = clock.instant();
        ListEntry valid = validate(scope, entry, now);
        synchronized (this) {
            ScopeIndex index = index(scope);
            if (index.contains(valid.type(), valid.value())) {
                throw duplicate(valid);
            }
            if (index.size() >= limits.maxEntriesPerScope()) {
                throw full(scope);
            }
            repository.add(valid);
            replace(scope, index.plus(List.of(valid)));
        }
        changes.tell(scope);
        return valid;
    }

    private ListEntry validate(ListScope scope, NewListEntry entry, Instant now) {
        if (entry.value().length() > limits.maxValueLength()) {
            throw new InvalidFieldException(ListCsv.VALUE, "a list value is at most " + limits.maxValueLength() + " characters");
        }
        ListValue value = ListValue.parse(entry.value());
        if (entry.type() == ListType.ALLOW && entry.action().isPresent()) {
            throw new InvalidFieldException(ListCsv.ACTION, "an allow entry takes no action");
        }
        if (entry.note().length() > ListEntry.MAX_NOTE_LENGTH) {
            throw new InvalidFieldException(ListCsv.NOTE, "a note is at most " + ListEntry.MAX_NOTE_LENGTH + " characters");
        }
        if (entry.expiresAt().filter(expiry -> !expiry.isAfter(now)).isPresent()) {
            throw new InvalidFieldException(ListCsv.EXPIRES_AT, "expiresAt must be in the future");
        }
        return ListEntry.builder(ListEntryId.random(), scope, entry.type(), value, now)
            .action(entry.action())
            .note(entry.note())
            .expiresAt(entry.expiresAt())
            .build();
    }

    private static AlreadyExistsException duplicate(ListEntry entry) {
        return new AlreadyExistsException(entry.scope().describe() + " already has a " + entry.type().asString()
            + " entry for '" + entry.value() + "'");
    }

    private InvalidFieldException full(ListScope scope) {
        return new InvalidFieldException("scope", "the list of " + scope.describe() + " already holds "
            + limits.maxEntriesPerScope() + " entries, the most a list may hold");
    }

    /** The scope's entries, oldest first, with the hits counted so far. */
    public List<ListEntry> list(ListScope scope) {
        return index(scope).entries().stream().map(this::withPendingHits).collect(Collectors.toList());
    }

    public Optional<ListEntry> find(ListScope scope, ListEntryId id) {
        return index(scope).find(id).map(this::withPendingHits);
    }

    private ListEntry withPendingHits(ListEntry entry) {
        PendingHits counted = hitsSinceLoad.get(entry.id());
        return counted == null ? entry : entry.plusHits(counted.count, counted.last);
    }

    /** @return whether the scope held the entry */
    public boolean delete(ListScope scope, ListEntryId id) {
        boolean deleted;
        synchronized (this) {
            ScopeIndex index = index(scope);
            deleted = repository.delete(scope, id);
            if (index.find(id).isPresent()) {
                replace(scope, index.minus(id));
            }
            pendingHits.remove(id);
            hitsSinceLoad.remove(id);
        }
        if (deleted) {
            changes.tell(scope);
        }
        return deleted;
    }

    /** Deletes the lists of the domain and of all its aliases (the domain is being deleted). */
    public void deleteDomain(DomainName domain) {
        Set<ListScope> deleted = new LinkedHashSet<>();
        deleted.add(ListScope.domain(domain));
        synchronized (this) {
            ensureLoaded();
            repository.deleteDomain(domain);
            for (ListScope scope : new ArrayList<>(indexes.keySet())) {
                if (scope.domain().filter(domain::equals).isPresent()) {
                    indexes.get(scope).entries().forEach(entry -> {
                        pendingHits.remove(entry.id());
                        hitsSinceLoad.remove(entry.id());
                    });
                    indexes.remove(scope);
                    deleted.add(scope);
                }
            }
            summarise();
        }
        deleted.forEach(changes::tell);
    }

    /**
     * What the lists say about the mail (see the class comment for the precedence). From memory only; counts a hit on
     * the deciding entry.
     */
    public ListVerdict decide(ListQuery query) {
        ensureLoaded();
        Instant now = clock.instant();
        Optional<ScopeIndex.Address> sender = query.sender().asOptional().map(SenderLists::address);
        Optional<ScopeIndex.Address> headerFrom = query.headerFrom().map(SenderLists::address);
        Optional<byte[]> client = query.client().map(InetAddress::getAddress);
        for (ListScope scope : scopes(query)) {
            ScopeIndex index = indexes.get(scope);
            if (index == null) {
                continue;
            }
            ListVerdict verdict = index.decide(sender, client, headerFrom, now);
            if (verdict != ListVerdict.NONE) {
                ListEntry entry = verdict.entry().orElseThrow();
                pendingHits.compute(entry.id(), (id, pending) -> pending == null
                    ? new PendingHits(entry.scope(), 1, now) : pending.plus(now));
                hitsSinceLoad.compute(entry.id(), (id, counted) -> counted == null
                    ? new PendingHits(entry.scope(), 1, now) : counted.plus(now));
                return verdict;
            }
        }
        return ListVerdict.NONE;
    }

    private static List<ListScope> scopes(ListQuery query) {
        List<ListScope> scopes = new ArrayList<>(4);
        query.alias().ifPresent(alias -> scopes.add(ListScope.alias(query.domain(), alias)));
        scopes.add(ListScope.domain(query.domain()));
        query.account().ifPresent(account -> {
            try {
                scopes.add(ListScope.account(account));
            } catch (IllegalArgumentException notAnAccountId) {
                // No account can have such an id, so no account list applies: never an error on the mail path.
            }
        });
        scopes.add(ListScope.operator());
        return scopes;
    }

    private static ScopeIndex.Address address(MailAddress address) {
        String domain = address.getDomain().asString().toLowerCase(Locale.ROOT);
        if (!domain.chars().allMatch(c -> c < 0x80)) {
            try {
                domain = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException notConvertible) {
                // Kept as it is: it then matches only wildcards on any domain, as it should.
            }
        }
        return new ScopeIndex.Address(address.getLocalPart().toLowerCase(Locale.ROOT), domain);
    }

    /** Writes the hits counted since the last flush to storage, in one call. */
    public void flushHits() {
        List<ListHits> flushed = new ArrayList<>();
        for (ListEntryId id : new ArrayList<>(pendingHits.keySet())) {
            PendingHits pending = pendingHits.remove(id);
            if (pending != null) {
                flushed.add(new ListHits(pending.scope, id, pending.count, pending.last));
            }
        }
        if (!flushed.isEmpty()) {
            repository.recordHits(flushed);
        }
    }

    /**
     * Whether any entry could apply to mail for the domain: false means {@link #decide} says {@link ListVerdict#NONE}
     * for every mail to it, so the mail path may skip asking. Conservative: any operator or account entry counts.
     */
    public boolean hasEntries(DomainName domain) {
        ensureLoaded();
        return wideEntries || domainsWithEntries.contains(domain);
    }

    /**
     * Reads a CSV ({@link ListCsv}) into the scope's list: valid lines are added, each refused line is reported with
     * its line number (bad value, duplicate in the file or in the list, list full, alias on a scope that is not a
     * domain).
     *
     * @throws InvalidFieldException ({@code header}) when the file is empty or its header is malformed: nothing is added
     */
    public ListImport importCsv(ListScope scope, Reader csv) {
        List<CsvRecords.Record> records = CsvRecords.parse(readAll(csv));
        if (records.isEmpty()) {
            throw new InvalidFieldException("header", "line 1: the file is empty, a header line is required");
        }
        CsvRecords.Record headerRecord = records.get(0);
        if (headerRecord.malformed()) {
            throw new InvalidFieldException("header", "line " + headerRecord.line() + ": " + headerRecord.error());
        }
        List<String> columns;
        try {
            columns = ListCsv.header(headerRecord.fields());
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException(e.field(), "line " + headerRecord.line() + ": " + e.getMessage());
        }
        Instant now = clock.instant();
        List<LineError> errors = new ArrayList<>();
        Map<ListScope, List<ListEntry>> accepted = new LinkedHashMap<>();
        ListImport result;
        synchronized (this) {
            Map<String, Integer> firstLine = new HashMap<>();
            for (CsvRecords.Record record : records.subList(1, records.size())) {
                if (record.malformed()) {
                    errors.add(new LineError(record.line(), "", record.error()));
                    continue;
                }
                if (record.fields().size() != columns.size()) {
                    errors.add(new LineError(record.line(), "", "expected " + columns.size() + " fields, got " + record.fields().size()));
                    continue;
                }
                try {
                    ListEntry entry = entryOf(scope, columns, record.fields(), now);
                    String key = entry.scope().key() + " " + entry.type().asString() + " " + entry.value();
                    Integer earlier = firstLine.putIfAbsent(key, record.line());
                    if (earlier != null) {
                        throw new InvalidFieldException(ListCsv.VALUE, "'" + entry.value() + "' already appears on line " + earlier);
                    }
                    ScopeIndex index = index(entry.scope());
                    if (index.contains(entry.type(), entry.value())) {
                        throw new InvalidFieldException(ListCsv.VALUE, duplicate(entry).getMessage());
                    }
                    List<ListEntry> forScope = accepted.computeIfAbsent(entry.scope(), any -> new ArrayList<>());
                    if (index.size() + forScope.size() >= limits.maxEntriesPerScope()) {
                        throw full(entry.scope());
                    }
                    forScope.add(entry);
                } catch (InvalidFieldException e) {
                    errors.add(new LineError(record.line(), e.field(), e.getMessage()));
                }
            }
            List<ListEntry> added = accepted.values().stream().flatMap(List::stream).collect(Collectors.toList());
            repository.addAll(added);
            accepted.forEach((target, entries) -> replace(target, index(target).plus(entries)));
            errors.sort(Comparator.comparingInt(LineError::line));
            result = new ListImport(added, errors, records.size() - 1);
        }
        accepted.keySet().forEach(changes::tell);
        return result;
    }

    private ListEntry entryOf(ListScope scope, List<String> columns, List<String> fields, Instant now) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i), AliasCsv.cell(fields.get(i)).trim());
        }
        ListScope target = scope;
        String alias = values.getOrDefault(ListCsv.ALIAS, "");
        if (!alias.isEmpty()) {
            if (scope.kind() != ListScope.Kind.DOMAIN) {
                throw new InvalidFieldException(ListCsv.ALIAS, "only a domain's list takes an alias (this is the list of "
                    + scope.describe() + ")");
            }
            try {
                target = ListScope.alias(scope.domain().orElseThrow(), LocalPart.of(alias));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException(ListCsv.ALIAS, e.getMessage());
            }
        }
        ListType type = ListType.parse(values.get(ListCsv.TYPE));
        String action = values.getOrDefault(ListCsv.ACTION, "");
        NewListEntry entry = NewListEntry.of(type, values.get(ListCsv.VALUE))
            .action(action.isEmpty() ? Optional.empty() : Optional.of(ListAction.parse(action)))
            .note(values.getOrDefault(ListCsv.NOTE, ""))
            .expiresAt(AliasCsv.expiresAt(values.getOrDefault(ListCsv.EXPIRES_AT, "")));
        return validate(target, entry, now);
    }

    private static String readAll(Reader reader) {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                text.append(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * Writes the scope's entries as CSV ({@link ListCsv}); a domain's export also holds its aliases' entries, with the
     * alias in the {@code alias} column, so that importing it into the domain restores both.
     */
    public void exportCsv(ListScope scope, Writer out) {
        AliasCsv.writeRecord(out, ListCsv.COLUMNS);
        List<ListEntry> entries = new ArrayList<>(index(scope).entries());
        if (scope.kind() == ListScope.Kind.DOMAIN) {
            ensureLoaded();
            indexes.keySet().stream()
                .filter(other -> other.kind() == ListScope.Kind.ALIAS && other.domain().equals(scope.domain()))
                .sorted(Comparator.comparing(other -> other.alias().orElseThrow()))
                .forEach(alias -> entries.addAll(indexes.get(alias).entries()));
        }
        for (ListEntry entry : entries) {
            AliasCsv.writeRecord(out, List.of(
                entry.type().asString(),
                entry.value().asString(),
                entry.action().map(ListAction::asString).orElse(""),
                entry.scope().alias().map(LocalPart::asString).orElse(""),
                entry.note(),
                entry.expiresAt().map(Instant::toString).orElse("")));
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Topic<ListScope> topic() {
        return TOPIC;
    }

    @Override
    public void onChange(Consumer<ListScope> listener) {
        changes.add(listener);
    }

    /**
     * Reads the scope's entries again from storage (another node changed them): they replace the scope's list at once.
     * Hits not yet flushed are kept and written by the next {@link #flushHits()}. Nothing is read before the lists'
     * first use, which reads them all.
     */
    @Override
    public void reload(ListScope scope) {
        synchronized (this) {
            if (!loaded) {
                return;
            }
            List<ListEntry> entries = repository.list(scope);
            indexes.getOrDefault(scope, ScopeIndex.EMPTY).entries().forEach(entry -> hitsSinceLoad.remove(entry.id()));
            countPendingHits(entries);
            replace(scope, new ScopeIndex(entries));
        }
    }

    /**
     * Reads every list again from storage (after other nodes or processes changed them): each scope's list is replaced
     * at once, a scope storage no longer has goes. Hits not yet flushed are kept and written by the next
     * {@link #flushHits()}.
     */
    @Override
    public void reloadAll() {
        synchronized (this) {
            Map<ListScope, List<ListEntry>> byScope = new HashMap<>();
            repository.all().forEach(entry -> byScope.computeIfAbsent(entry.scope(), any -> new ArrayList<>()).add(entry));
            hitsSinceLoad.clear();
            byScope.forEach((scope, entries) -> {
                countPendingHits(entries);
                indexes.put(scope, new ScopeIndex(entries));
            });
            indexes.keySet().retainAll(byScope.keySet());
            summarise();
            loaded = true;
        }
    }

    /** The stored hits of {@code entries} were just read: what this node counted since is what it has not flushed. */
    private void countPendingHits(List<ListEntry> entries) {
        for (ListEntry entry : entries) {
            PendingHits pending = pendingHits.get(entry.id());
            if (pending != null) {
                hitsSinceLoad.put(entry.id(), pending);
            }
        }
    }

    private void ensureLoaded() {
        if (!loaded) {
            synchronized (this) {
                if (!loaded) {
                    reloadAll();
                }
            }
        }
    }

    private ScopeIndex index(ListScope scope) {
        ensureLoaded();
        return indexes.getOrDefault(scope, ScopeIndex.EMPTY);
    }

    /** Under the lock. */
    private void replace(ListScope scope, ScopeIndex index) {
        if (index.size() == 0) {
            indexes.remove(scope);
        } else {
            indexes.put(scope, index);
        }
        summarise();
    }

    private void summarise() {
        Set<DomainName> domains = new HashSet<>();
        boolean wide = false;
        for (ListScope scope : indexes.keySet()) {
            if (scope.domain().isPresent()) {
                domains.add(scope.domain().get());
            } else {
                wide = true;
            }
        }
        domainsWithEntries = Set.copyOf(domains);
        wideEntries = wide;
    }
}
