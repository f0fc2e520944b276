package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.rules.lists.ListAction;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListEntryId;
import io.smtpy.rules.lists.ListHits;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.ListScope;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.ListValue;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Block and allow list entries in three tables:
 * <ul>
 * <li>{@code list_entries}: one partition per scope ({@link ListScope#key()}), one row per (type, value) in its
 * normalised form, so the row's key is the scope's uniqueness key and a scope is listed by reading its partition.
 * {@code seq}, a time UUID taken when the entry is added, gives back the order entries were added.</li>
 * <li>{@code list_entry_ids}: the entry's id to its scope and key, one partition per id: ids are unique in the
 * installation, and find, delete and hit counting arrive with an id.</li>
 * <li>{@code list_entry_scopes}: the domain and alias scopes of each domain, for deleting a domain's lists.</li>
 * </ul>
 * Rows of the first two tables are claimed with {@code IF NOT EXISTS}, counted by compare-and-set and deleted with
 * {@code IF seq = ?}: only conditional writes, so that two nodes never both add one value and no hit is lost.
 *
 * <p>{@link #addAll} is all or none without a transaction: every key is checked first (nothing is written when one is
 * taken), then the ids are claimed, then each scope's entries are written in conditional batches of one partition
 * (each batch all or none). A key taken meanwhile by another writer fails its batch, and what this call had claimed
 * and written is deleted again before the refusal. Readers may see an import's first batches while it is written.
 */
public final class CassandraListRepository implements ListRepository {
    public static final TableSet TABLES = TableSet.of("list_entries")
        .migration(
            "CREATE TABLE IF NOT EXISTS list_entries (scope text, type text, value text, id text, seq timeuuid, action text,"
                + " note text, expires_at text, created_at text, hits bigint, last_hit_at text,"
                + " PRIMARY KEY ((scope), type, value))",
            "CREATE TABLE IF NOT EXISTS list_entry_ids (id text PRIMARY KEY, scope text, type text, value text, seq timeuuid)",
            "CREATE TABLE IF NOT EXISTS list_entry_scopes (domain text, scope text, PRIMARY KEY ((domain), scope))")
        .build();

    private static final String COLUMNS = "scope, type, value, id, seq, action, note, expires_at, created_at, hits, last_hit_at";
    /** Values per {@code IN} of the up-front check. */
    private static final int CHECK_BATCH = 100;
    /** Entries per conditional batch, and roughly the bytes: single-partition batches, well under a mutation's limit. */
    private static final int WRITE_BATCH = 100;
    private static final int WRITE_BATCH_BYTES = 64 * 1024;
    /** Conditional writes in flight at once when each needs its own partition (ids). */
    private static final int IN_FLIGHT = 32;
    private static final int MAX_ATTEMPTS = 50;

    private final CassandraStore store;

    public CassandraListRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public void add(ListEntry entry) {
        addAll(List.of(entry));
    }

    @Override
    public void addAll(List<ListEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        refuseDuplicatesAmong(entries);
        refuseTakenKeys(entries);
        List<Stored> stored = new ArrayList<>();
        entries.forEach(entry -> stored.add(new Stored(entry, Uuids.timeBased())));
        claimIds(stored);
        Set<String> domainScopes = new HashSet<>();
        for (ListEntry entry : entries) {
            entry.scope().domain().filter(domain -> domainScopes.add(entry.scope().key())).ifPresent(domain ->
                store.execute(store.prepare("INSERT INTO list_entry_scopes (domain, scope) VALUES (?, ?)")
                    .bind(domain.asString(), entry.scope().key()), "recording the lists of " + domain));
        }
        Map<String, List<Stored>> byScope = new LinkedHashMap<>();
        stored.forEach(entry -> byScope.computeIfAbsent(entry.entry.scope().key(), any -> new ArrayList<>()).add(entry));
        List<Stored> written = new ArrayList<>();
        try {
            for (List<Stored> scopeEntries : byScope.values()) {
                for (List<Stored> batch : batches(scopeEntries)) {
                    Optional<String> taken = insert(batch);
                    if (taken.isPresent()) {
                        undo(written, stored);
                        throw new AlreadyExistsException(batch.get(0).entry.scope().describe() + " already has a " + taken.get());
                    }
                    written.addAll(batch);
                }
            }
        } catch (CassandraStoreException e) {
            // Timed out or failed: the batch may have been applied; the undo touches only this call's rows (its seq).
            undo(stored, stored);
            throw e;
        }
    }

    private static void refuseDuplicatesAmong(List<ListEntry> entries) {
        Set<ListEntryId> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (ListEntry entry : entries) {
            if (!ids.add(entry.id())) {
                throw new AlreadyExistsException("list entry " + entry.id() + " is given twice");
            }
            if (!keys.add(entry.scope().key() + "\n" + entry.type().asString() + "\n" + entry.value().asString())) {
                throw new AlreadyExistsException(entry.scope().describe() + " is given two " + entry.type().asString()
                    + " entries for '" + entry.value() + "'");
            }
        }
    }

    /** Reads every key before anything is written: the common refusal (a value already listed) writes nothing. */
    private void refuseTakenKeys(List<ListEntry> entries) {
        Map<String, List<ListEntry>> byScopeAndType = new LinkedHashMap<>();
        entries.forEach(entry -> byScopeAndType.computeIfAbsent(entry.scope().key() + "\n" + entry.type().asString(),
            any -> new ArrayList<>()).add(entry));
        for (List<ListEntry> group : byScopeAndType.values()) {
            ListEntry first = group.get(0);
            for (int from = 0; from < group.size(); from += CHECK_BATCH) {
                List<String> values = new ArrayList<>();
                group.subList(from, Math.min(group.size(), from + CHECK_BATCH)).forEach(entry -> values.add(entry.value().asString()));
                Row taken = store.execute(store.prepare("SELECT value FROM list_entries WHERE scope = ? AND type = ? AND value IN ? LIMIT 1")
                    .bind(first.scope().key(), first.type().asString(), values), "checking the lists of " + first.scope().describe()).one();
                if (taken != null) {
                    throw new AlreadyExistsException(first.scope().describe() + " already has a " + first.type().asString()
                        + " entry for '" + taken.getString("value") + "'");
                }
            }
        }
    }

    /** Claims every id, or none: the claims made are released when one is taken. */
    private void claimIds(List<Stored> entries) {
        List<BoundStatement> claims = new ArrayList<>();
        for (Stored stored : entries) {
            ListEntry entry = stored.entry;
            claims.add(store.prepare("INSERT INTO list_entry_ids (id, scope, type, value, seq) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS")
                .bind(entry.id().asString(), entry.scope().key(), entry.type().asString(), entry.value().asString(), stored.seq));
        }
        Outcomes outcomes = run(claims, "claiming list entry ids");
        for (int i = 0; i < entries.size(); i++) {
            if (!outcomes.applied(i)) {
                releaseIds(entries);
                outcomes.failure.ifPresent(failure -> {
                    throw failure;
                });
                throw new AlreadyExistsException("list entry " + entries.get(i).entry.id() + " already exists");
            }
        }
    }

    /** One conditional batch of one scope: the key taken when it is refused. */
    private Optional<String> insert(List<Stored> batch) {
        BatchStatementBuilder builder = BatchStatement.builder(DefaultBatchType.LOGGED);
        for (Stored stored : batch) {
            ListEntry entry = stored.entry;
            builder.addStatement(store.prepare("INSERT INTO list_entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " IF NOT EXISTS").bind(entry.scope().key(), entry.type().asString(), entry.value().asString(),
                    entry.id().asString(), stored.seq, entry.action().map(ListAction::asString).orElse(null), entry.note(),
                    entry.expiresAt().map(StoredInstant::format).orElse(null), StoredInstant.format(entry.createdAt()),
                    entry.hits(), entry.lastHitAt().map(StoredInstant::format).orElse(null)));
        }
        ResultSet result = store.execute(builder.build(), "adding entries to " + batch.get(0).entry.scope().describe());
        if (result.wasApplied()) {
            return Optional.empty();
        }
        for (Row row : result) {
            if (row.getColumnDefinitions().contains("value") && !row.isNull("value")) {
                return Optional.of(row.getString("type") + " entry for '" + row.getString("value") + "'");
            }
        }
        return Optional.of("entry of this batch");
    }

    private void undo(List<Stored> written, List<Stored> claimed) {
        List<BoundStatement> deletes = new ArrayList<>();
        written.forEach(stored -> deletes.add(deleteEntry(stored.entry.scope().key(), stored.entry.type().asString(),
            stored.entry.value().asString(), stored.seq)));
        run(deletes, "undoing a refused list import");
        releaseIds(claimed);
    }

    private void releaseIds(List<Stored> claimed) {
        List<BoundStatement> releases = new ArrayList<>();
        claimed.forEach(stored -> releases.add(releaseId(stored.entry.id().asString(), stored.seq)));
        run(releases, "releasing list entry ids");
    }

    private BoundStatement deleteEntry(String scope, String type, String value, UUID seq) {
        return store.prepare("DELETE FROM list_entries WHERE scope = ? AND type = ? AND value = ? IF seq = ?")
            .bind(scope, type, value, seq);
    }

    private BoundStatement releaseId(String id, UUID seq) {
        return store.prepare("DELETE FROM list_entry_ids WHERE id = ? IF seq = ?").bind(id, seq);
    }

    @Override
    public List<ListEntry> list(ListScope scope) {
        List<Stored> entries = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM list_entries WHERE scope = ?").bind(scope.key()),
            "listing " + scope.describe())) {
            entries.add(stored(row));
        }
        return inOrderAdded(entries);
    }

    /** The whole table, scope by scope: read once at start to build the index. */
    @Override
    public List<ListEntry> all() {
        Map<String, List<Stored>> byScope = new LinkedHashMap<>();
        for (Row row : store.execute(store.prepare("SELECT " + COLUMNS + " FROM list_entries").bind(), "listing every list")) {
            byScope.computeIfAbsent(row.getString("scope"), any -> new ArrayList<>()).add(stored(row));
        }
        List<ListEntry> all = new ArrayList<>();
        byScope.values().forEach(entries -> all.addAll(inOrderAdded(entries)));
        return all;
    }

    @Override
    public Optional<ListEntry> find(ListScope scope, ListEntryId id) {
        return locate(scope, id).flatMap(key -> {
            Row row = store.execute(store.prepare("SELECT " + COLUMNS + " FROM list_entries WHERE scope = ? AND type = ? AND value = ?")
                .bind(key.scope, key.type, key.value), "reading list entry " + id).one();
            return Optional.ofNullable(row).filter(found -> found.getUuid("seq").equals(key.seq)).map(found -> stored(found).entry);
        });
    }

    @Override
    public boolean delete(ListScope scope, ListEntryId id) {
        Optional<Key> key = locate(scope, id);
        if (key.isEmpty()) {
            return false;
        }
        boolean deleted = store.applied(deleteEntry(key.get().scope, key.get().type, key.get().value, key.get().seq),
            "deleting list entry " + id);
        // The id last: until then nobody can add another entry under it.
        store.applied(releaseId(id.asString(), key.get().seq), "releasing list entry id " + id);
        return deleted;
    }

    @Override
    public void deleteDomain(DomainName domain) {
        List<String> scopes = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT scope FROM list_entry_scopes WHERE domain = ?").bind(domain.asString()),
            "listing the lists of " + domain)) {
            scopes.add(row.getString("scope"));
        }
        for (String scope : scopes) {
            List<BoundStatement> entries = new ArrayList<>();
            List<BoundStatement> ids = new ArrayList<>();
            for (Row row : store.execute(store.prepare("SELECT type, value, id, seq FROM list_entries WHERE scope = ?").bind(scope),
                "listing " + scope)) {
                entries.add(deleteEntry(scope, row.getString("type"), row.getString("value"), row.getUuid("seq")));
                ids.add(releaseId(row.getString("id"), row.getUuid("seq")));
            }
            run(entries, "deleting the entries of " + scope).throwIfFailed();
            run(ids, "releasing the entry ids of " + scope).throwIfFailed();
        }
        store.execute(store.prepare("DELETE FROM list_entry_scopes WHERE domain = ?").bind(domain.asString()),
            "forgetting the lists of " + domain);
    }

    @Override
    public void recordHits(List<ListHits> hits) {
        for (ListHits hit : hits) {
            locate(hit.scope(), hit.id()).ifPresent(key -> count(key, hit));
        }
    }

    /** Compare-and-set until applied, or until the entry is found gone. */
    private void count(Key key, ListHits hit) {
        String doing = "counting hits of list entry " + hit.id();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Row current = store.execute(store.prepare("SELECT seq, hits, last_hit_at FROM list_entries"
                + " WHERE scope = ? AND type = ? AND value = ?").bind(key.scope, key.type, key.value)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL), doing).one();
            if (current == null || !current.getUuid("seq").equals(key.seq)) {
                return;
            }
            String lastHit = current.getString("last_hit_at");
            String later = lastHit != null && StoredInstant.parse(lastHit).isAfter(hit.lastHitAt())
                ? lastHit : StoredInstant.format(hit.lastHitAt());
            if (store.applied(store.prepare("UPDATE list_entries SET hits = ?, last_hit_at = ?"
                + " WHERE scope = ? AND type = ? AND value = ? IF seq = ? AND hits = ? AND last_hit_at = ?")
                .bind(current.getLong("hits") + hit.count(), later, key.scope, key.type, key.value, key.seq,
                    current.getLong("hits"), lastHit), doing)) {
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + " after " + MAX_ATTEMPTS + " concurrent updates");
    }

    /** Where the entry of this id is stored, when it is in this scope. */
    private Optional<Key> locate(ListScope scope, ListEntryId id) {
        Row row = store.execute(store.prepare("SELECT scope, type, value, seq FROM list_entry_ids WHERE id = ?").bind(id.asString()),
            "locating list entry " + id).one();
        return Optional.ofNullable(row).filter(found -> found.getString("scope").equals(scope.key()))
            .map(found -> new Key(found.getString("scope"), found.getString("type"), found.getString("value"), found.getUuid("seq")));
    }

    /** Entries in the order added: by the time of their {@code seq}. */
    private static List<ListEntry> inOrderAdded(List<Stored> entries) {
        entries.sort(Comparator.comparingLong((Stored stored) -> stored.seq.timestamp()).thenComparing(stored -> stored.seq));
        List<ListEntry> ordered = new ArrayList<>(entries.size());
        entries.forEach(stored -> ordered.add(stored.entry));
        return ordered;
    }

    /** Same-scope batches of at most {@link #WRITE_BATCH} entries and about {@link #WRITE_BATCH_BYTES}. */
    private static List<List<Stored>> batches(List<Stored> entries) {
        List<List<Stored>> batches = new ArrayList<>();
        List<Stored> current = new ArrayList<>();
        int bytes = 0;
        for (Stored stored : entries) {
            int size = 200 + 4 * (stored.entry.value().asString().length() + stored.entry.note().length());
            if (!current.isEmpty() && (current.size() == WRITE_BATCH || bytes + size > WRITE_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(stored);
            bytes += size;
        }
        batches.add(current);
        return batches;
    }

    /** Runs the statements, {@link #IN_FLIGHT} at a time; every one is tried even when some fail. */
    private Outcomes run(List<BoundStatement> statements, String doing) {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (BoundStatement statement : statements) {
            permits.acquireUninterruptibly();
            results.add(store.session().executeAsync(statement).toCompletableFuture()
                .thenApply(AsyncResultSet::wasApplied)
                .whenComplete((any, failure) -> permits.release()));
        }
        Boolean[] applied = new Boolean[results.size()];
        Optional<CassandraStoreException> failure = Optional.empty();
        for (int i = 0; i < applied.length; i++) {
            try {
                applied[i] = results.get(i).join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failure = failure.or(() -> Optional.of(new CassandraStoreException("Cassandra failed " + doing + ": "
                    + cause.getMessage(), cause)));
            }
        }
        return new Outcomes(applied, failure);
    }

    private static Stored stored(Row row) {
        ListType type = ListType.parse(row.getString("type"));
        ListEntry entry = ListEntry.builder(ListEntryId.of(row.getString("id")), ListScope.parse(row.getString("scope")), type,
                ListValue.parse(row.getString("value")), StoredInstant.parse(row.getString("created_at")))
            .action(Optional.ofNullable(row.getString("action")).map(ListAction::parse))
            .note(row.getString("note"))
            .expiresAt(Optional.ofNullable(row.getString("expires_at")).map(StoredInstant::parse))
            .hits(row.getLong("hits"), Optional.ofNullable(row.getString("last_hit_at")).map(StoredInstant::parse))
            .build();
        return new Stored(entry, row.getUuid("seq"));
    }

    /** An entry and the time UUID that orders it in its scope and identifies this addition of it. */
    private static final class Stored {
        private final ListEntry entry;
        private final UUID seq;

        private Stored(ListEntry entry, UUID seq) {
            this.entry = entry;
            this.seq = seq;
        }
    }

    /** The primary key of an entry's row, and its {@code seq}. */
    private static final class Key {
        private final String scope;
        private final String type;
        private final String value;
        private final UUID seq;

        private Key(String scope, String type, String value, UUID seq) {
            this.scope = scope;
            this.type = type;
            this.value = value;
            this.seq = seq;
        }
    }

    /** Whether each statement was applied ({@code null} when it failed), and the first failure. */
    private static final class Outcomes {
        private final Boolean[] applied;
        private final Optional<CassandraStoreException> failure;

        private Outcomes(Boolean[] applied, Optional<CassandraStoreException> failure) {
            this.applied = applied;
            this.failure = failure;
        }

        boolean applied(int i) {
            return Boolean.TRUE.equals(applied[i]);
        }

        void throwIfFailed() {
            failure.ifPresent(e -> {
                throw e;
            });
        }
    }
}
