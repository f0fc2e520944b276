package io.smtpy.rules.lists;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;

/** List entries in the heap, for tests and {@code storage=memory}. */
public class MemoryListRepository implements ListRepository {
    /** Each scope's entries in the order added. Guarded by {@code this}: writes are rare, and copies are cheap. */
    private final Map<ListScope, LinkedHashMap<ListEntryId, ListEntry>> byScope = new LinkedHashMap<>();
    private final Set<ListEntryId> ids = new HashSet<>();
    /** {@link #key(ListEntry)} of every entry: what makes two entries duplicates. */
    private final Set<String> keys = new HashSet<>();

    @Override
    public synchronized void add(ListEntry entry) {
        addAll(List.of(entry));
    }

    @Override
    public synchronized void addAll(List<ListEntry> entries) {
        Set<ListEntryId> newIds = new HashSet<>();
        Set<String> newKeys = new HashSet<>();
        for (ListEntry entry : entries) {
            if (!newIds.add(entry.id()) || ids.contains(entry.id())) {
                throw new AlreadyExistsException("list entry " + entry.id() + " already exists");
            }
            if (!newKeys.add(key(entry)) || keys.contains(key(entry))) {
                throw new AlreadyExistsException(entry.scope().describe() + " already has a " + entry.type().asString()
                    + " entry for '" + entry.value() + "'");
            }
        }
        ids.addAll(newIds);
        keys.addAll(newKeys);
        entries.forEach(entry -> byScope.computeIfAbsent(entry.scope(), any -> new LinkedHashMap<>()).put(entry.id(), entry));
    }

    private static String key(ListEntry entry) {
        return entry.scope().key() + "\n" + entry.type().asString() + "\n" + entry.value().asString();
    }

    @Override
    public synchronized List<ListEntry> list(ListScope scope) {
        return ImmutableList.copyOf(byScope.getOrDefault(scope, new LinkedHashMap<>()).values());
    }

    @Override
    public synchronized List<ListEntry> all() {
        List<ListEntry> all = new ArrayList<>();
        byScope.values().forEach(entries -> all.addAll(entries.values()));
        return all;
    }

    @Override
    public synchronized Optional<ListEntry> find(ListScope scope, ListEntryId id) {
        return Optional.ofNullable(byScope.getOrDefault(scope, new LinkedHashMap<>()).get(id));
    }

    @Override
    public synchronized boolean delete(ListScope scope, ListEntryId id) {
        LinkedHashMap<ListEntryId, ListEntry> entries = byScope.get(scope);
        ListEntry removed = entries == null ? null : entries.remove(id);
        if (removed != null) {
            forget(removed);
        }
        return removed != null;
    }

    private void forget(ListEntry entry) {
        ids.remove(entry.id());
        keys.remove(key(entry));
    }

    @Override
    public synchronized void deleteDomain(DomainName domain) {
        byScope.entrySet().removeIf(scope -> {
            boolean ofDomain = scope.getKey().domain().filter(domain::equals).isPresent();
            if (ofDomain) {
                scope.getValue().values().forEach(this::forget);
            }
            return ofDomain;
        });
    }

    @Override
    public synchronized void recordHits(List<ListHits> hits) {
        for (ListHits hit : hits) {
            LinkedHashMap<ListEntryId, ListEntry> entries = byScope.get(hit.scope());
            if (entries != null) {
                entries.computeIfPresent(hit.id(), (any, entry) -> entry.plusHits(hit.count(), hit.lastHitAt()));
            }
        }
    }
}
