package io.smtpy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * What every {@link LimitCounters} does; each backend's test implements this with its {@link #node()}. Time is the
 * {@code now} handed to each call, as {@link LimitPolicy} hands its clock's.
 */
public interface LimitCountersContract {
    Instant NOW = Instant.parse("2026-03-01T12:20:00Z");
    DomainName DOMAIN = DomainName.of("example.com");
    LimitSubject SALES = LimitSubject.alias(DOMAIN, LocalPart.of("sales"));
    LimitSubject WHOLE_DOMAIN = LimitSubject.domain(DOMAIN);
    CounterKey HOURLY = CounterKey.of(SALES, LimitDirection.INBOUND, LimitMetric.MESSAGES_PER_HOUR);
    CounterKey DAILY = CounterKey.of(WHOLE_DOMAIN, LimitDirection.INBOUND, LimitMetric.MESSAGES_PER_DAY);

    /**
     * The counters of one node on the backend's store: each call another node's on the same store, as each node has
     * its own instance. For a store of one node (memory) the same counters each time.
     */
    LimitCounters node();

    static LimitCounters.Demand demand(CounterKey key, long limit) {
        return new LimitCounters.Demand(key, limit, 1);
    }

    static long count(LimitCounters counters, CounterKey key, Instant now) {
        return counters.counts(key.subject(), key.direction(), now).stream().filter(count -> count.key().equals(key))
            .mapToLong(LimitCounters.Count::count).sum();
    }

    @Test
    default void aCounterShouldAllowUpToItsLimitAndRefuseTheNextInTheSameWindow() {
        LimitCounters counters = node();
        for (int i = 0; i < 3; i++) {
            assertThat(counters.acquire(List.of(demand(HOURLY, 3)), NOW).granted()).isTrue();
        }

        LimitCounters.Acquisition fourth = counters.acquire(List.of(demand(HOURLY, 3)), NOW.plusSeconds(60));

        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.taken()).isEmpty();
        assertThat(fourth.refused().key()).isEqualTo(HOURLY);
        assertThat(fourth.countAtRefusal()).isEqualTo(3);
        assertThat(count(counters, HOURLY, NOW)).isEqualTo(3);
    }

    @Test
    default void anAmountShouldCountWhole() {
        CounterKey bytes = CounterKey.of(SALES, LimitDirection.INBOUND, LimitMetric.BYTES_PER_DAY);
        LimitCounters counters = node();

        assertThat(counters.acquire(List.of(new LimitCounters.Demand(bytes, 1_000, 600)), NOW).granted()).isTrue();
        assertThat(counters.acquire(List.of(new LimitCounters.Demand(bytes, 1_000, 401)), NOW).granted()).isFalse();
        assertThat(counters.acquire(List.of(new LimitCounters.Demand(bytes, 1_000, 400)), NOW).granted()).isTrue();
        assertThat(count(counters, bytes, NOW)).isEqualTo(1_000);
    }

    @Test
    default void theNextClockHourShouldStartFromZeroAndTheDayGoOn() {
        LimitCounters counters = node();
        for (int i = 0; i < 3; i++) {
            counters.acquire(List.of(demand(HOURLY, 3), demand(DAILY, 10)), NOW);
        }

        assertThat(counters.acquire(List.of(demand(HOURLY, 3)), Instant.parse("2026-03-01T12:59:59Z")).granted()).isFalse();
        Instant nextHour = Instant.parse("2026-03-01T13:00:00Z");
        assertThat(counters.acquire(List.of(demand(HOURLY, 3), demand(DAILY, 10)), nextHour).granted()).isTrue();

        assertThat(count(counters, HOURLY, nextHour)).isEqualTo(1);
        assertThat(count(counters, DAILY, nextHour)).isEqualTo(4);
        assertThat(count(counters, DAILY, Instant.parse("2026-03-02T00:00:00Z"))).isZero();
    }

    @Test
    default void aRefusedDemandShouldGiveBackWhatTheSameAcquisitionTook() {
        LimitCounters counters = node();
        counters.acquire(List.of(demand(DAILY, 1)), NOW);

        LimitCounters.Acquisition refused = counters.acquire(List.of(demand(HOURLY, 5), demand(DAILY, 1)), NOW);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.refused().key()).isEqualTo(DAILY);
        assertThat(refused.taken()).isEmpty();
        assertThat(count(counters, HOURLY, NOW)).isZero();
        assertThat(count(counters, DAILY, NOW)).isEqualTo(1);
    }

    @Test
    default void releaseShouldGiveBackToTheSameWindowOnly() {
        LimitCounters counters = node();
        LimitCounters.Acquisition first = counters.acquire(List.of(demand(HOURLY, 1)), NOW);
        counters.release(first.taken());
        LimitCounters.Acquisition second = counters.acquire(List.of(demand(HOURLY, 1)), NOW);
        assertThat(second.granted()).isTrue();

        Instant nextHour = NOW.plus(Duration.ofHours(1));
        counters.acquire(List.of(demand(HOURLY, 1)), nextHour);
        counters.release(second.taken());

        assertThat(counters.acquire(List.of(demand(HOURLY, 1)), nextHour).granted()).isFalse();
    }

    @Test
    default void whatOneNodeTakesAnotherShouldSeeAndGiveBack() {
        LimitCounters a = node();
        LimitCounters b = node();
        LimitCounters.Acquisition throughA = a.acquire(List.of(demand(HOURLY, 2)), NOW);
        b.acquire(List.of(demand(HOURLY, 2)), NOW);

        assertThat(a.acquire(List.of(demand(HOURLY, 2)), NOW).granted()).isFalse();
        assertThat(b.counts(SALES, LimitDirection.INBOUND, NOW)).singleElement().satisfies(count -> {
            assertThat(count.key()).isEqualTo(HOURLY);
            assertThat(count.count()).isEqualTo(2);
            assertThat(count.windowStart()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
            assertThat(count.windowEnd()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
        });

        b.release(throughA.taken());

        assertThat(a.acquire(List.of(demand(HOURLY, 2)), NOW).granted()).isTrue();
    }

    @Test
    default void countsShouldHoldEachRecipientDomainsCounterOfTheSubject() {
        LimitCounters a = node();
        LimitCounters b = node();
        a.acquire(List.of(demand(CounterKey.toRecipientDomain(SALES, "gmail.example"), 5)), NOW);
        b.acquire(List.of(demand(CounterKey.toRecipientDomain(SALES, "gmail.example"), 5),
            demand(CounterKey.toRecipientDomain(SALES, "yahoo.example"), 5)), NOW);
        a.acquire(List.of(demand(CounterKey.toRecipientDomain(WHOLE_DOMAIN, "gmail.example"), 5)), NOW);

        assertThat(a.counts(SALES, LimitDirection.OUTBOUND, NOW))
            .extracting(count -> count.key().recipientDomain().orElseThrow() + "=" + count.count())
            .containsExactlyInAnyOrder("gmail.example=2", "yahoo.example=1");
        assertThat(a.counts(SALES, LimitDirection.INBOUND, NOW)).isEmpty();
    }

    @Test
    default void crossingEightyPercentShouldBeReportedOncePerWindowWhicheverNodeCounts() {
        LimitCounters a = node();
        LimitCounters b = node();
        List<Long> crossedAt = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? a : b).acquire(List.of(demand(HOURLY, 10)), NOW).crossings()
                .forEach(crossing -> crossedAt.add(crossing.count()));
        }
        Instant nextHour = NOW.plus(Duration.ofHours(1));
        for (int i = 0; i < 8; i++) {
            (i % 2 == 0 ? b : a).acquire(List.of(demand(HOURLY, 10)), nextHour).crossings()
                .forEach(crossing -> crossedAt.add(crossing.count()));
        }

        assertThat(crossedAt).containsExactly(8L, 8L);
    }

    @Test
    default void onlyTheFirstRefusalOfAWindowShouldBeFirstWhicheverNodeRefuses() {
        LimitCounters a = node();
        LimitCounters b = node();
        a.acquire(List.of(demand(HOURLY, 1)), NOW);

        assertThat(a.acquire(List.of(demand(HOURLY, 1)), NOW).firstRefusalInWindow()).isTrue();
        assertThat(b.acquire(List.of(demand(HOURLY, 1)), NOW).firstRefusalInWindow()).isFalse();
        assertThat(a.acquire(List.of(demand(HOURLY, 1)), NOW).firstRefusalInWindow()).isFalse();
        Instant later = NOW.plus(Duration.ofHours(1));
        b.acquire(List.of(demand(HOURLY, 1)), later);
        assertThat(b.acquire(List.of(demand(HOURLY, 1)), later).firstRefusalInWindow()).isTrue();
    }

    @Test
    default void aRefusalWithoutACounterShouldBeFirstOncePerHour() {
        CounterKey recipients = CounterKey.of(SALES, LimitDirection.INBOUND, LimitMetric.RECIPIENTS_PER_MESSAGE);
        LimitCounters a = node();
        LimitCounters b = node();

        assertThat(a.firstRefusal(recipients, NOW)).isTrue();
        assertThat(b.firstRefusal(recipients, NOW.plusSeconds(60))).isFalse();
        assertThat(b.firstRefusal(recipients, NOW.plus(Duration.ofHours(1)))).isTrue();
    }

    @Test
    default void sweepShouldKeepTheCountersOfTheCurrentWindows() {
        LimitCounters counters = node();
        counters.acquire(List.of(demand(HOURLY, 5), demand(DAILY, 5)), NOW);

        counters.sweep(NOW.plus(Duration.ofMinutes(5)));

        assertThat(count(counters, HOURLY, NOW)).isEqualTo(1);
        assertThat(count(counters, DAILY, NOW)).isEqualTo(1);
    }

    /**
     * Nodes taking turns through threads, each mail two counters (an alias's and its domain's): the grants never pass
     * the limit, and what the refusals took is all given back, so the mails counted one at a time afterwards reach
     * the limit exactly.
     */
    @Test
    default void concurrentNodesShouldNeverTogetherPassALimitNorKeepWhatTheyGaveBack() throws Exception {
        List<LimitCounters> nodes = List.of(node(), node());
        int threads = 8;
        int attemptsEach = 12;
        long limit = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                LimitCounters counters = nodes.get(t % nodes.size());
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        if (counters.acquire(List.of(demand(HOURLY, limit), demand(DAILY, limit + 10)), NOW).granted()) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : running) {
                each.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(granted.get()).isPositive().isLessThanOrEqualTo((int) limit);
        assertThat(count(nodes.get(0), HOURLY, NOW)).isEqualTo(granted.get());
        assertThat(count(nodes.get(1), DAILY, NOW)).isEqualTo(granted.get());
        int more = 0;
        while (more <= limit && nodes.get(more % 2).acquire(List.of(demand(HOURLY, limit), demand(DAILY, limit + 10)), NOW).granted()) {
            more++;
        }
        assertThat(granted.get() + more).isEqualTo(limit);
    }
}
