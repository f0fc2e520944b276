package io.smtpy.access.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditQuery;

public final class MemoryAuditLogRepository implements AuditLogRepository {
    private final Map<AccessId, List<AuditEntry>> entries = new TreeMap<>();
    /** The last hash and sequence per account survive a purge that empties the list. */
    private final Map<AccessId, AuditEntry> last = new TreeMap<>();

    @Override
    public synchronized AuditEntry append(AuditRecord record) {
        AuditEntry previous = last.get(record.account());
        AuditEntry entry = previous == null
            ? record.chained(1, GENESIS)
            : record.chained(previous.sequence() + 1, previous.hash());
        entries.computeIfAbsent(record.account(), account -> new ArrayList<>()).add(entry);
        last.put(record.account(), entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> list(AuditQuery query) {
        List<AuditEntry> ofAccount = entries.getOrDefault(query.account(), List.of());
        List<AuditEntry> page = new ArrayList<>();
        for (int i = ofAccount.size() - 1; i >= 0 && page.size() < query.limit(); i--) {
            if (query.matches(ofAccount.get(i))) {
                page.add(ofAccount.get(i));
            }
        }
        return page;
    }

    @Override
    public void forEach(AccessId account, Consumer<AuditEntry> consumer) {
        List<AuditEntry> copy;
        synchronized (this) {
            copy = List.copyOf(entries.getOrDefault(account, List.of()));
        }
        copy.forEach(consumer);
    }

    @Override
    public synchronized java.util.Optional<String> lastHash(AccessId account) {
        return java.util.Optional.ofNullable(last.get(account)).map(AuditEntry::hash);
    }

    /** For tests of tamper detection: removes the newest entry as an attacker with database access would. */
    public synchronized void dropNewest(AccessId account) {
        List<AuditEntry> ofAccount = entries.get(account);
        ofAccount.remove(ofAccount.size() - 1);
    }

    @Override
    public synchronized int purgeBefore(AccessId account, Instant cutoff) {
        List<AuditEntry> ofAccount = entries.getOrDefault(account, new ArrayList<>());
        List<AuditEntry> kept = ofAccount.stream().filter(entry -> !entry.at().isBefore(cutoff)).collect(Collectors.toList());
        int removed = ofAccount.size() - kept.size();
        entries.put(account, kept);
        return removed;
    }

    /** For tests of tamper detection: replaces a stored entry as an attacker with database access would. */
    public synchronized void overwrite(AuditEntry entry) {
        List<AuditEntry> ofAccount = entries.get(entry.account());
        for (int i = 0; i < ofAccount.size(); i++) {
            if (ofAccount.get(i).sequence() == entry.sequence()) {
                ofAccount.set(i, entry);
            }
        }
    }
}
