package io.smtpy.store.embedded;

import static io.smtpy.access.store.AuditLogRepositoryContract.ACME;
import static io.smtpy.access.store.AuditLogRepositoryContract.T0;
import static io.smtpy.access.store.AuditLogRepositoryContract.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.AuditEntry;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.AuditLogRepositoryContract;
import io.smtpy.access.store.AuditQuery;

class EmbeddedAuditLogRepositoryTest implements AuditLogRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public AuditLogRepository testee() {
        return embedded.store().access().audit();
    }

    @Test
    void nanosecondInstantsShouldKeepTheChainValid() {
        // Instant.now() has microseconds on Linux; the hash covers at.toString(), so a truncated instant would break it.
        AuditEntry appended = testee().append(record(Instant.parse("2026-01-01T00:00:00.123456789Z"), "a"));

        AuditEntry stored = testee().list(AuditQuery.all(ACME)).get(0);

        assertThat(stored.at()).isEqualTo(appended.at());
        assertThat(stored.hash()).isEqualTo(stored.expectedHash());
    }

    @Test
    void numberingShouldSurviveReopeningAfterAPurgeOfEveryEntry() {
        AuditEntry last = testee().append(record(T0, "a"));
        testee().purgeBefore(ACME, T0.plusSeconds(1));

        embedded.reopen();
        AuditEntry next = testee().append(record(T0.plusSeconds(2), "b"));

        assertThat(next.sequence()).isEqualTo(2);
        assertThat(next.previousHash()).isEqualTo(last.hash());
    }

    @Test
    void forEachShouldSeeOneStateWhileAppendsGoOn() {
        for (int i = 0; i < 10; i++) {
            testee().append(record(T0.plusSeconds(i), "a"));
        }
        List<AuditEntry> seen = new ArrayList<>();

        // Appending from the consumer: the writer is not blocked by the open read, and the read does not see it.
        testee().forEach(ACME, entry -> {
            seen.add(entry);
            testee().append(record(T0.plusSeconds(100), "during"));
        });

        assertThat(seen).hasSize(10);
        assertThat(testee().list(AuditQuery.all(ACME)).get(0).sequence()).isEqualTo(20);
    }

    @Test
    void listShouldScanTheAccountKeyBackwardWithoutSorting() {
        String plan = embedded.queryPlan("SELECT * FROM audit_log WHERE account = 'acc_acme' AND sequence < 10 AND actor = 'x'"
            + " ORDER BY sequence DESC LIMIT 100");

        assertThat(plan).contains("USING INDEX sqlite_autoindex_audit_log_1").doesNotContain("TEMP B-TREE");
    }
}
