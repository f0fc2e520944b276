package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class SharedCacheTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Topic<DomainName> TOPIC = Topic.ofDomains("test");

    /** The store: what each domain's value is now. */
    private final Map<DomainName, String> store = new ConcurrentHashMap<>(Map.of(EXAMPLE, "first"));
    private final AtomicInteger reads = new AtomicInteger();
    private final SharedCache<DomainName, String> cache = new SharedCache<>(TOPIC, domain -> {
        reads.incrementAndGet();
        return store.get(domain);
    });
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aKeyShouldBeReadOnceThenServedFromMemory() {
        assertThat(cache.get(EXAMPLE)).isEqualTo("first");
        store.put(EXAMPLE, "second");

        assertThat(cache.get(EXAMPLE)).isEqualTo("first");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aChangeMadeHereShouldBeReadOnNextUseAndToldToTheListeners() {
        List<DomainName> told = new ArrayList<>();
        cache.onChange(told::add);
        cache.get(EXAMPLE);

        store.put(EXAMPLE, "second");
        cache.changed(EXAMPLE);

        assertThat(told).containsExactly(EXAMPLE);
        assertThat(cache.get(EXAMPLE)).isEqualTo("second");
    }

    @Test
    void aReloadShouldReplaceAHeldKeyAndLeaveOthersToTheirFirstUse() {
        DomainName other = DomainName.of("other.org");
        store.put(other, "other");
        cache.get(EXAMPLE);

        store.put(EXAMPLE, "second");
        cache.reload(EXAMPLE);
        cache.reload(other);

        assertThat(reads).hasValue(2);
        assertThat(cache.get(EXAMPLE)).isEqualTo("second");
        assertThat(cache.get(other)).isEqualTo("other");
    }

    @Test
    void reloadAllShouldReadEveryHeldKeyAgain() {
        DomainName other = DomainName.of("other.org");
        store.put(other, "other");
        cache.get(EXAMPLE);
        cache.get(other);

        store.put(EXAMPLE, "second");
        store.put(other, "changed");
        cache.reloadAll();

        assertThat(cache.get(EXAMPLE)).isEqualTo("second");
        assertThat(cache.get(other)).isEqualTo("changed");
    }

    @Test
    void aFailedReloadShouldKeepTheOldValue() {
        SharedCache<DomainName, String> failing = new SharedCache<>(TOPIC, domain -> {
            if (reads.getAndIncrement() > 0) {
                throw new IllegalStateException("store down");
            }
            return "first";
        });
        failing.get(EXAMPLE);

        assertThatThrownBy(() -> failing.reload(EXAMPLE)).hasMessage("store down");
        assertThat(failing.get(EXAMPLE)).isEqualTo("first");
    }

    @Test
    void aValueReadAsNullShouldNotBeKept() {
        store.remove(EXAMPLE);
        assertThat(cache.get(EXAMPLE)).isNull();

        store.put(EXAMPLE, "known now");

        assertThat(cache.get(EXAMPLE)).isEqualTo("known now");
    }

    @Test
    void aFirstReadUnderWayShouldNotPutItsOlderValueBackAfterAReload() throws Exception {
        CountDownLatch readTheOldValue = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        SharedCache<DomainName, String> slow = new SharedCache<>(TOPIC, domain -> {
            String value = store.get(domain);
            if (reads.getAndIncrement() == 0) {
                readTheOldValue.countDown();
                waitFor(goOn);
            }
            return value;
        });
        Future<String> firstRead = threads.submit(() -> slow.get(EXAMPLE));
        assertThat(readTheOldValue.await(5, TimeUnit.SECONDS)).isTrue();

        store.put(EXAMPLE, "second");
        AtomicReference<Thread> reloading = new AtomicReference<>();
        Future<?> reload = threads.submit(() -> {
            reloading.set(Thread.currentThread());
            slow.reload(EXAMPLE);
        });
        // The reload either waits for the first read (as it must) or, skipping the key, is over already.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!reload.isDone() && (reloading.get() == null || reloading.get().getState() != Thread.State.BLOCKED)
            && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        goOn.countDown();

        assertThat(firstRead.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        reload.get(5, TimeUnit.SECONDS);
        assertThat(slow.get(EXAMPLE)).isEqualTo("second");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
