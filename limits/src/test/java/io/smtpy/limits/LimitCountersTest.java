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

class LimitCountersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:20:00Z");
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LimitSubject SALES = LimitSubject.alias(DOMAIN, LocalPart.of("sales"));
    private static final CounterKey HOURLY = CounterKey.of(SALES, LimitDirection.INBOUND, LimitMetric.MESSAGES_PER_HOUR);
    private static final CounterKey DAILY = CounterKey.of(LimitSubject.domain(DOMAIN), LimitDirection.INBOUND, LimitMetric.MESSAGES_PER_DAY);

    private final LimitCounters counters = new LimitCounters();

    private static LimitCounters.Demand demand(CounterKey key, long limit) {
        return new LimitCounters.Demand(key, limit, 1);
    }

    @Test
    void aCounterShouldAllowUpToItsLimitAndRefuseTheNextInTheSameWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(counters.acquire(List.of(demand(HOURLY, 3)), NOW).granted()).isTrue();
        }

        LimitCounters.Acquisition fourth = counters.acquire(List.of(demand(HOURLY, 3)), NOW.plusSeconds(60));

        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.refused().key()).isEqualTo(HOURLY);
        assertThat(fourth.countAtRefusal()).isEqualTo(3);
    }

    @Test
    void theNextClockHourShouldStartFromZero() {
        for (int i = 0; i < 3; i++) {
            counters.acquire(List.of(demand(HOURLY, 3)), NOW);
        }

        assertThat(counters.acquire(List.of(demand(HOURLY, 3)), Instant.parse("2026-03-01T12:59:59Z")).granted()).isFalse();
        assertThat(counters.acquire(List.of(demand(HOURLY, 3)), Instant.parse("2026-03-01T13:00:00Z")).granted()).isTrue();
    }

    @Test
    void aRefusedDemandShouldGiveBackWhatTheSameAcquisitionTook() {
        counters.acquire(List.of(demand(DAILY, 1)), NOW);

        LimitCounters.Acquisition refused = counters.acquire(List.of(demand(HOURLY, 5), demand(DAILY, 1)), NOW);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.taken()).isEmpty();
        assertThat(counters.counts(SALES, LimitDirection.INBOUND, NOW)).singleElement()
            .satisfies(count -> assertThat(count.count()).isZero());
    }

    @Test
    void releaseShouldGiveBackToTheSameWindowOnly() {
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
    void crossingEightyPercentShouldBeReportedOncePerWindow() {
        List<Long> crossedAt = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            counters.acquire(List.of(demand(HOURLY, 10)), NOW).crossings().forEach(crossing -> crossedAt.add(crossing.count()));
        }
        counters.acquire(List.of(demand(HOURLY, 10)), NOW.plus(Duration.ofHours(1)).plusSeconds(1))
            .crossings().forEach(crossing -> crossedAt.add(crossing.count()));

        assertThat(crossedAt).containsExactly(8L);
    }

    @Test
    void onlyTheFirstRefusalOfAWindowShouldBeFirst() {
        counters.acquire(List.of(demand(HOURLY, 1)), NOW);

        assertThat(counters.acquire(List.of(demand(HOURLY, 1)), NOW).firstRefusalInWindow()).isTrue();
        assertThat(counters.acquire(List.of(demand(HOURLY, 1)), NOW).firstRefusalInWindow()).isFalse();
        Instant later = NOW.plus(Duration.ofHours(1));
        counters.acquire(List.of(demand(HOURLY, 1)), later);
        assertThat(counters.acquire(List.of(demand(HOURLY, 1)), later).firstRefusalInWindow()).isTrue();
    }

    @Test
    void countersShouldStayBoundedAndSweepEndedWindows() {
        LimitCounters small = new LimitCounters(3);
        for (int i = 0; i < 3; i++) {
            CounterKey key = CounterKey.toRecipientDomain(SALES, "d" + i + ".example");
            small.acquire(List.of(demand(key, 1)), NOW);
        }
        CounterKey fourth = CounterKey.toRecipientDomain(SALES, "d3.example");

        assertThat(small.acquire(List.of(demand(fourth, 1)), NOW).granted()).as("full: allowed uncounted").isTrue();
        assertThat(small.size()).isEqualTo(3);

        Instant nextHour = NOW.plus(Duration.ofHours(1));
        small.acquire(List.of(demand(fourth, 1)), nextHour);
        assertThat(small.size()).isEqualTo(1);
        assertThat(small.acquire(List.of(demand(fourth, 1)), nextHour).granted()).isFalse();
    }

    @Test
    void concurrentSessionsShouldNeverTogetherPassALimit() throws Exception {
        int threads = 16;
        int attemptsEach = 500;
        long limit = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger granted = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        // Two counters per mail, as an alias and its domain: both must hold.
                        if (counters.acquire(List.of(demand(HOURLY, limit), demand(DAILY, limit + 100)), NOW).granted()) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : running) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(granted.get()).isEqualTo(limit);
        assertThat(counters.counts(SALES, LimitDirection.INBOUND, NOW)).singleElement()
            .satisfies(count -> assertThat(count.count()).isEqualTo(limit));
        assertThat(counters.counts(LimitSubject.domain(DOMAIN), LimitDirection.INBOUND, NOW)).singleElement()
            .satisfies(count -> assertThat(count.count()).isEqualTo(limit));
    }
}
