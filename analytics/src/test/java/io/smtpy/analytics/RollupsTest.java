package io.smtpy.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class RollupsTest {
    static final DomainName EXAMPLE = DomainName.of("example.com");
    static final Instant H0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Instant H1 = H0.plus(Duration.ofHours(1));

    private final MemoryRollupRepository repository = new MemoryRollupRepository();
    private final Rollups rollups = new Rollups(repository);

    static MailEvent.Builder event(MailEventType type, String alias, Instant at) {
        return MailEvent.builder(EXAMPLE, type, at).alias(LocalPart.of(alias)).sender("someone@sender.example")
            .recipients(List.of(alias + "@example.com"));
    }

    private Rollup domainHour(Instant hour) {
        List<Rollup> found = rollups.find(EXAMPLE, RollupKey.ALL_ALIASES, hour, hour.plus(Duration.ofHours(1)));
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void eventsShouldBeCountedPerDomainAndPerAliasBeforeAnyFlush() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0.plusSeconds(5)).build());
        rollups.onEvent(event(MailEventType.RECEIVED, "info", H0.plusSeconds(6)).build());
        rollups.onEvent(event(MailEventType.FORWARDED, "sales", H0.plusSeconds(7)).build());

        assertThat(domainHour(H0).counts()).containsEntry("received", 2L).containsEntry("forwarded", 1L);
        assertThat(rollups.find(EXAMPLE, "sales", H0, H1).get(0).counts()).containsEntry("received", 1L)
            .containsEntry("forwarded", 1L);
        assertThat(repository.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1)).isEmpty();
    }

    @Test
    void eventsShouldFallInTheHourOfTheirInstant() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0.plusSeconds(3599)).build());
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H1).build());

        assertThat(rollups.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1.plus(Duration.ofHours(1))))
            .extracting(rollup -> rollup.key().hour()).containsExactly(H0, H1);
    }

    @Test
    void flushShouldMoveCountsToTheRepositoryWithoutCountingThemTwice() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());
        rollups.flush();
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());

        assertThat(repository.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1).get(0).count("received")).isEqualTo(1);
        assertThat(domainHour(H0).count("received")).isEqualTo(2);
        rollups.flush();
        assertThat(repository.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1).get(0).count("received")).isEqualTo(2);
        assertThat(domainHour(H0).count("received")).isEqualTo(2);
    }

    @Test
    void aFailedFlushShouldKeepTheCountsForTheNextOne() {
        FailingRepository failing = new FailingRepository();
        Rollups flaky = new Rollups(failing);
        flaky.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());

        failing.fail = true;
        assertThatThrownBy(flaky::flush).isInstanceOf(IllegalStateException.class);
        failing.fail = false;
        flaky.flush();

        assertThat(failing.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1).get(0).count("received")).isEqualTo(1);
    }

    @Test
    void rejectionsShouldBeCountedByReasonAndBouncesByClass() {
        rollups.onEvent(event(MailEventType.REJECTED, "nobody", H0).smtpCode(550).enhancedStatus("5.1.1").detail("unknown alias").build());
        rollups.onEvent(event(MailEventType.REJECTED, "sales", H0).smtpCode(550).enhancedStatus("5.7.1")
            .detail("spam score 12.0 (threshold 10.0)").build());
        rollups.onEvent(event(MailEventType.BOUNCED, "sales", H0).smtpCode(550).enhancedStatus("5.2.2").detail("mailbox full").build());
        rollups.onEvent(event(MailEventType.BOUNCED, "sales", H0).smtpCode(554).enhancedStatus("5.7.1").detail("refused").build());
        rollups.onEvent(event(MailEventType.QUARANTINED, "sales", H0).detail("virus Eicar-Test-Signature").build());

        assertThat(domainHour(H0).counts())
            .containsEntry("rejected", 2L)
            .containsEntry("rejected:unknown-user", 1L)
            .containsEntry("rejected:spam", 1L)
            .containsEntry("bounced:mailbox", 1L)
            .containsEntry("bounced:policy", 1L)
            .containsEntry(Rollup.SPAM, 1L)
            .containsEntry(Rollup.VIRUS, 1L)
            .containsEntry("quarantined", 1L);
    }

    @Test
    void latencyShouldRunFromReceptionToDeliveryOfTheSameMail() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).mailId("Mail1").build());
        rollups.onEvent(event(MailEventType.RECEIVED, "info", H0).mailId("Mail2").messageId("<m2@x>").build());
        rollups.onEvent(event(MailEventType.DELIVERED, "sales", H0.plusMillis(1000)).mailId("Mail1").build());
        rollups.onEvent(event(MailEventType.DELIVERED, "info", H0.plusMillis(100)).mailId("Mail2-copy").messageId("<m2@x>").build());
        rollups.onEvent(event(MailEventType.DELIVERED, "info", H0.plusMillis(100)).mailId("never-received").build());

        Rollup hour = domainHour(H0);
        assertThat(hour.latency().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(LatencyHistogram.percentile(hour.latency(), 50)).isBetween(100L, 125L);
        assertThat(LatencyHistogram.percentile(hour.latency(), 99)).isBetween(1000L, 1250L);
    }

    @Test
    void topValuesShouldCountSendersAliasesAndDestinations() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).sender("a@x.example").build());
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).sender("a@x.example").build());
        rollups.onEvent(event(MailEventType.RECEIVED, "info", H0).sender("b@x.example").build());
        rollups.onEvent(event(MailEventType.FORWARDED, "sales", H0).recipients(List.of("me@dest.example", "you@dest.example")).build());

        Rollup hour = domainHour(H0);
        assertThat(hour.top().get(Rollup.SENDERS)).containsExactly(java.util.Map.entry("a@x.example", 2L), java.util.Map.entry("b@x.example", 1L));
        assertThat(hour.top().get(Rollup.ALIASES)).containsEntry("sales", 2L).containsEntry("info", 1L);
        assertThat(hour.top().get(Rollup.DESTINATIONS)).containsOnlyKeys("me@dest.example", "you@dest.example");
    }

    @Test
    void eventsWithoutAliasShouldCountForTheDomainOnly() {
        rollups.onEvent(MailEvent.builder(EXAMPLE, MailEventType.REJECTED, H0).smtpCode(550).detail("dnsbl listed").build());

        assertThat(domainHour(H0).counts()).containsEntry("rejected:dnsbl", 1L);
        rollups.flush();
        assertThat(repository.find(EXAMPLE, "nobody", H0, H1)).isEmpty();
    }

    @Test
    void bouncesReturningToAnSrsAddressShouldCountForTheDomainOnly() {
        rollups.onEvent(event(MailEventType.RECEIVED, "SRS0=abcd=JX=sender.test=ann", H0).build());
        rollups.onEvent(event(MailEventType.RECEIVED, "srs1=efgh=fwd.test==abcd=JX=sender.test=ann", H0).build());

        assertThat(domainHour(H0).count("received")).isEqualTo(2);
        assertThat(domainHour(H0).top()).doesNotContainKey(Rollup.ALIASES);
        rollups.flush();
        assertThat(repository.find(EXAMPLE, "srs0=abcd=jx=sender.test=ann", H0, H1)).isEmpty();
    }

    @Test
    void deleteDomainShouldForgetPendingAndStoredCounts() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());
        rollups.flush();
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());

        rollups.deleteDomain(EXAMPLE);

        assertThat(rollups.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1)).isEmpty();
    }

    @Test
    void pastTheBoundNewAliasesShouldCountForTheirDomainOnly() {
        Rollups bounded = new Rollups(repository, 2);
        bounded.onEvent(event(MailEventType.RECEIVED, "a", H0).build());
        bounded.onEvent(event(MailEventType.RECEIVED, "b", H0).build());
        bounded.onEvent(event(MailEventType.RECEIVED, "a", H0).build());

        assertThat(bounded.overflows()).isEqualTo(1);
        assertThat(bounded.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1).get(0).count("received")).isEqualTo(3);
        assertThat(bounded.find(EXAMPLE, "a", H0, H1).get(0).count("received")).isEqualTo(2);
        assertThat(bounded.find(EXAMPLE, "b", H0, H1)).isEmpty();
    }

    @Test
    void eventsCountedWhileFlushesRunShouldAllBeStoredOnce() throws Exception {
        int threads = 4;
        int perThread = 5000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String alias = "alias" + t;
            senders.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    rollups.onEvent(event(MailEventType.RECEIVED, alias, H0.plusMillis(i)).build());
                }
                return null;
            }));
        }
        start.countDown();
        while (senders.stream().anyMatch(sender -> !sender.isDone())) {
            rollups.flush();
        }
        for (Future<?> sender : senders) {
            sender.get();
        }
        pool.shutdown();
        rollups.flush();

        assertThat(repository.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1).get(0).count("received")).isEqualTo(threads * perThread);
        assertThat(repository.find(EXAMPLE, "alias2", H0, H1).get(0).count("received")).isEqualTo(perThread);
    }

    @Test
    void expireShouldKeepFourHundredDays() {
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H0).build());
        rollups.onEvent(event(MailEventType.RECEIVED, "sales", H1).build());
        rollups.flush();

        assertThat(rollups.expire(H1.plus(Rollups.RETENTION))).isEqualTo(2);

        assertThat(repository.find(EXAMPLE, RollupKey.ALL_ALIASES, H0, H1.plusSeconds(3600)))
            .extracting(rollup -> rollup.key().hour()).containsExactly(H1);
    }

    private static final class FailingRepository extends MemoryRollupRepository {
        boolean fail;

        @Override
        public synchronized void add(Collection<Rollup> added) {
            if (fail) {
                throw new IllegalStateException("disk full");
            }
            super.add(added);
        }
    }
}
