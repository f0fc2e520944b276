package io.smtpy.access.service;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.AuditLogRepository;

/** Appends to the audit log, checks an account's chain, and applies the account's retention. */
public final class AuditTrail {
    /** The outcome of walking one account's chain from its oldest kept entry. */
    public static final class Verification {
        private final boolean valid;
        private final long entries;
        private final Optional<Long> brokenAt;
        private final Optional<String> problem;

        Verification(boolean valid, long entries, Optional<Long> brokenAt, Optional<String> problem) {
            this.valid = valid;
            this.entries = entries;
            this.brokenAt = brokenAt;
            this.problem = problem;
        }

        public boolean valid() {
            return valid;
        }

        public long entries() {
            return entries;
        }

        public Optional<Long> brokenAt() {
            return brokenAt;
        }

        public Optional<String> problem() {
            return problem;
        }
    }

    private final AccessStores stores;
    private final Clock clock;

    public AuditTrail(AccessStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    public AuditEntry append(AuditRecord record) {
        return stores.audit().append(record);
    }

    /**
     * Recomputes every entry's hash and follows the links: an edited entry no longer matches its hash, a removed
     * or inserted one breaks the numbering or the link, and one removed from the end leaves the log short of the
     * chain's head, which is kept apart from the entries. The oldest kept entry is the anchor (retention removes
     * older ones).
     */
    public Verification verify(AccessId account) {
        AtomicLong count = new AtomicLong();
        AtomicReference<AuditEntry> previous = new AtomicReference<>();
        AtomicReference<Verification> broken = new AtomicReference<>();
        stores.audit().forEach(account, entry -> {
            count.incrementAndGet();
            if (broken.get() != null) {
                return;
            }
            AuditEntry before = previous.get();
            if (!entry.hash().equals(entry.expectedHash())) {
                broken.set(new Verification(false, 0, Optional.of(entry.sequence()), Optional.of("entry content does not match its hash")));
            } else if (before == null && entry.sequence() == 1 && !entry.previousHash().equals(AuditLogRepository.GENESIS)) {
                broken.set(new Verification(false, 0, Optional.of(entry.sequence()), Optional.of("first entry does not start the chain")));
            } else if (before != null && entry.sequence() != before.sequence() + 1) {
                broken.set(new Verification(false, 0, Optional.of(entry.sequence()), Optional.of("entries missing before this one")));
            } else if (before != null && !entry.previousHash().equals(before.hash())) {
                broken.set(new Verification(false, 0, Optional.of(entry.sequence()), Optional.of("link to the previous entry broken")));
            }
            previous.set(entry);
        });
        Verification result = broken.get();
        if (result != null) {
            return new Verification(false, count.get(), result.brokenAt(), result.problem());
        }
        Optional<String> head = stores.audit().lastHash(account);
        AuditEntry last = previous.get();
        if (head.isPresent() && (last == null || !last.hash().equals(head.get()))) {
            // Entries gone from the end: the log is shorter than what was appended (a purge keeps the newest).
            return new Verification(false, count.get(), Optional.of(last == null ? 1 : last.sequence() + 1),
                Optional.of("entries missing at the end of the log"));
        }
        return new Verification(true, count.get(), Optional.empty(), Optional.empty());
    }

    /** Removes the account's entries older than its retention; how many. */
    public int applyRetention(Account account) {
        return stores.audit().purgeBefore(account.id(), clock.instant().minus(account.auditRetention()));
    }
}
