package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Session;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.testing.MovableClock;

class AccessHousekeepingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final MovableClock clock = new MovableClock(T0);
    private final MemoryAccessStores stores = new MemoryAccessStores();
    private final AuditTrail audit = new AuditTrail(stores, clock);
    private final AccessHousekeeping housekeeping = new AccessHousekeeping(stores, audit, clock);
    private final AccessId acme = AccessId.of("acc_acme");

    private void entryAt(Instant at) {
        audit.append(new AuditRecord(acme, at, "operator", Optional.empty(), "domain.create", "domains/a.example",
            Optional.empty(), Optional.empty(), "req", "127.0.0.1", "", "success (201)"));
    }

    @Test
    void entriesOlderThanTheAccountsRetentionGoAndTheChainStillVerifies() {
        stores.accounts().create(new Account(acme, "Acme", T0, Duration.ofDays(30)));
        entryAt(T0);
        entryAt(T0.plus(Duration.ofDays(20)));
        entryAt(T0.plus(Duration.ofDays(40)));
        clock.moveTo(T0.plus(Duration.ofDays(45)));

        assertThat(housekeeping.run().auditEntries()).isEqualTo(1);

        assertThat(stores.audit().list(AuditQuery.all(acme))).hasSize(2);
        assertThat(audit.verify(acme).valid()).isTrue();
    }

    @Test
    void expiredSessionsAndOldFailedAttemptsGo() {
        stores.sessions().create(new Session(AccessId.of("ses_old"), AccessId.of("mem_jane"), "h", T0, T0.plus(Duration.ofHours(12)), "::1", ""));
        stores.sessions().create(new Session(AccessId.of("ses_new"), AccessId.of("mem_jane"), "h", T0.plus(Duration.ofDays(31)),
            T0.plus(Duration.ofDays(32)), "::1", ""));
        stores.failedAttempts().record(new FailedAttempt(T0, "::1", "key:key_x", "unknown key", Optional.of(acme)));
        clock.moveTo(T0.plus(Duration.ofDays(31)).plusSeconds(1));

        AccessHousekeeping.Outcome outcome = housekeeping.run();

        assertThat(outcome.sessions()).isEqualTo(1);
        assertThat(outcome.failedAttempts()).isEqualTo(1);
        assertThat(stores.sessions().get(AccessId.of("ses_new"))).isPresent();
    }
}
