package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.access.store.memory.MemoryAuditLogRepository;
import io.smtpy.core.testing.MovableClock;

class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccessId ACME = AccessId.of("acc_acme");

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryAccessStores stores = new MemoryAccessStores();
    private final MemoryAuditLogRepository log = (MemoryAuditLogRepository) stores.audit();
    private final AuditTrail trail = new AuditTrail(stores, clock);

    private AuditEntry append(AccessId account, Instant at, String target) {
        return trail.append(new AuditRecord(account, at, "member:mem_jane", Optional.empty(), "alias.create", target,
            Optional.empty(), Optional.of("{\"enabled\":true}"), "req-" + target, "192.0.2.1", "curl/8", "success (201)"));
    }

    private List<AuditEntry> appendThree() {
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            entries.add(append(ACME, T0.plusSeconds(i), "aliases/a" + i + "@a.com"));
        }
        return entries;
    }

    /** The same entry with another action, keeping the stored hash, as someone editing the table would. */
    private static AuditEntry withAction(AuditEntry entry, String action) {
        return new AuditEntry(entry.record().withAction(action), entry.sequence(), entry.previousHash(), entry.hash());
    }

    /** The same entry chained to another predecessor, with a hash that matches its (new) content. */
    private static AuditEntry linkedTo(AuditEntry entry, String previousHash) {
        return entry.record().chained(entry.sequence(), previousHash);
    }

    @Test
    void anUntouchedChainShouldVerify() {
        appendThree();

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(3);
        assertThat(verification.brokenAt()).isEmpty();
        assertThat(verification.problem()).isEmpty();
    }

    @Test
    void anAccountWithoutEntriesShouldVerify() {
        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isZero();
    }

    @Test
    void appendShouldNumberAndChainTheEntries() {
        List<AuditEntry> entries = appendThree();

        assertThat(entries).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L);
        assertThat(entries.get(1).previousHash()).isEqualTo(entries.get(0).hash());
        assertThat(entries.get(2).previousHash()).isEqualTo(entries.get(1).hash());
    }

    @Test
    void anEditedEntryShouldBreakTheChainAtThatEntry() {
        List<AuditEntry> entries = appendThree();
        log.overwrite(withAction(entries.get(1), "alias.delete"));

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).contains(2L);
        assertThat(verification.entries()).isEqualTo(3);
    }

    @Test
    void anEditedFirstEntryShouldBreakTheChainAtTheFirstEntry() {
        List<AuditEntry> entries = appendThree();
        log.overwrite(withAction(entries.get(0), "alias.delete"));

        assertThat(trail.verify(ACME).brokenAt()).contains(1L);
    }

    @Test
    void aRemovedMiddleEntryShouldBreakTheChainAtTheEntryAfterIt() {
        append(ACME, T0.plusSeconds(10), "aliases/a1@a.com");
        // Written with an older time than its neighbours, so that a purge takes it alone out of the middle.
        append(ACME, T0, "aliases/a2@a.com");
        append(ACME, T0.plusSeconds(20), "aliases/a3@a.com");
        assertThat(log.purgeBefore(ACME, T0.plusSeconds(5))).isEqualTo(1);

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).contains(3L);
        assertThat(verification.entries()).isEqualTo(2);
    }

    @Test
    void aBrokenLinkShouldBreakTheChainAtThatEntry() {
        List<AuditEntry> entries = appendThree();
        log.overwrite(linkedTo(entries.get(2), "f".repeat(64)));

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).contains(3L);
    }

    @Test
    void aFirstEntryNotChainedToTheGenesisShouldBreakTheChain() {
        List<AuditEntry> entries = appendThree();
        log.overwrite(linkedTo(entries.get(0), "f".repeat(64)));

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).contains(1L);
    }

    @Test
    void aChainWhoseOldestEntriesWereRemovedByRetentionShouldStillVerify() {
        appendThree();
        log.purgeBefore(ACME, T0.plusSeconds(2));

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entries()).isEqualTo(2);
    }

    @Test
    void anotherAccountsChainShouldNotBeAffectedByTampering() {
        AccessId globex = AccessId.of("acc_globex");
        List<AuditEntry> entries = appendThree();
        append(globex, T0, "aliases/b@b.com");
        log.overwrite(withAction(entries.get(1), "alias.delete"));

        assertThat(trail.verify(globex).valid()).isTrue();
    }

    @Test
    void retentionShouldRemoveOnlyEntriesOlderThanTheAccountsRetention() {
        append(ACME, T0, "aliases/old@a.com");
        append(ACME, T0.plus(Duration.ofDays(20)), "aliases/new@a.com");
        clock.moveTo(T0.plus(Duration.ofDays(35)));

        int removed = trail.applyRetention(new Account(ACME, "Acme", T0, Duration.ofDays(30)));

        assertThat(removed).isEqualTo(1);
        assertThat(trail.verify(ACME).entries()).isEqualTo(1);
    }

    @Test
    void anEntryRemovedFromTheEndShouldBeReported() {
        List<AuditEntry> entries = appendThree();
        log.dropNewest(ACME);

        AuditTrail.Verification verification = trail.verify(ACME);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.brokenAt()).contains(entries.get(2).sequence());
    }
}
