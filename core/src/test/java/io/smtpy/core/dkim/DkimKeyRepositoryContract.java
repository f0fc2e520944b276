package io.smtpy.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** What every {@link DkimKeyRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface DkimKeyRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");
    PrivateKeyCipher CIPHER = new PrivateKeyCipher(new byte[PrivateKeyCipher.MASTER_KEY_LENGTH]);
    DkimKeyGenerator GENERATOR = new DkimKeyGenerator(new SecureRandom());

    DkimKeyRepository testee();

    static DkimKey key(DomainName domain, String selector, DkimAlgorithm algorithm, Instant createdAt) {
        DkimSelector dkimSelector = DkimSelector.of(selector);
        DkimKeyPair pair = GENERATOR.generate(algorithm);
        return DkimKey.pending(domain, dkimSelector, algorithm, pair.publicKey(),
            CIPHER.seal(pair.privateKey(), dkimSelector.recordName(domain)), createdAt);
    }

    static DkimKey key(DomainName domain, String selector) {
        return key(domain, selector, DkimAlgorithm.ED25519_SHA256, T0);
    }

    @Test
    default void createdKeyShouldBeFound() {
        DkimKey key = key(EXAMPLE, "s1");

        testee().create(key);

        assertThat(testee().find(EXAMPLE, DkimSelector.of("s1"))).contains(key);
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        DkimKey rsa = key(EXAMPLE, "v1-rsa-20260101", DkimAlgorithm.RSA_SHA256, T0);
        DkimKey retired = rsa.activate(T0.plus(Duration.ofHours(3)))
            .startRetiring(T0.plus(Duration.ofDays(90)))
            .retire(T0.plus(Duration.ofDays(97)));

        testee().create(retired);

        DkimKey found = testee().find(EXAMPLE, rsa.selector()).orElseThrow();
        assertThat(found).isEqualTo(retired);
        assertThat(found.publicKey()).isEqualTo(rsa.publicKey());
        assertThat(found.privateKey().toBytes()).isEqualTo(rsa.privateKey().toBytes());
        assertThat(found.activatedAt()).contains(T0.plus(Duration.ofHours(3)));
        assertThat(found.retiringAt()).contains(T0.plus(Duration.ofDays(90)));
        assertThat(found.retiredAt()).contains(T0.plus(Duration.ofDays(97)));
    }

    @Test
    default void aStoredPrivateKeyShouldStillOpen() {
        DkimKeyPair pair = GENERATOR.generate(DkimAlgorithm.ED25519_SHA256);
        DkimSelector selector = DkimSelector.of("s1");
        testee().create(DkimKey.pending(EXAMPLE, selector, DkimAlgorithm.ED25519_SHA256, pair.publicKey(),
            CIPHER.seal(pair.privateKey(), selector.recordName(EXAMPLE)), T0));

        DkimKey found = testee().find(EXAMPLE, selector).orElseThrow();

        assertThat(CIPHER.open(found.privateKey(), found.recordName())).isEqualTo(pair.privateKey());
    }

    @Test
    default void unknownKeyShouldNotBeFound() {
        testee().create(key(EXAMPLE, "s1"));

        assertThat(testee().find(EXAMPLE, DkimSelector.of("s2"))).isEmpty();
        assertThat(testee().find(OTHER, DkimSelector.of("s1"))).isEmpty();
    }

    @Test
    default void createShouldRefuseATakenSelector() {
        DkimKey first = key(EXAMPLE, "s1");
        testee().create(first);

        assertThatThrownBy(() -> testee().create(key(EXAMPLE, "s1"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().find(EXAMPLE, DkimSelector.of("s1"))).contains(first);
    }

    @Test
    default void oneSelectorShouldBeUsableByTwoDomains() {
        testee().create(key(EXAMPLE, "s1"));
        testee().create(key(OTHER, "s1"));

        assertThat(testee().list(EXAMPLE)).hasSize(1);
        assertThat(testee().list(OTHER)).hasSize(1);
    }

    @Test
    default void updateShouldReplaceTheKey() {
        DkimKey key = key(EXAMPLE, "s1");
        testee().create(key);

        DkimKey active = key.activate(T0.plusSeconds(60));
        testee().update(active);

        assertThat(testee().find(EXAMPLE, key.selector())).contains(active);
    }

    @Test
    default void updateOfAnUnknownKeyShouldFail() {
        assertThatThrownBy(() -> testee().update(key(EXAMPLE, "s1"))).isInstanceOf(NotFoundException.class);
        assertThat(testee().list(EXAMPLE)).isEmpty();
    }

    @Test
    default void listShouldHoldOnlyTheDomainsKeysOldestFirst() {
        DkimKey newer = key(EXAMPLE, "a-newer", DkimAlgorithm.ED25519_SHA256, T0.plusSeconds(10));
        DkimKey older = key(EXAMPLE, "z-older", DkimAlgorithm.ED25519_SHA256, T0);
        DkimKey sameInstant = key(EXAMPLE, "m-same", DkimAlgorithm.ED25519_SHA256, T0);
        testee().create(newer);
        testee().create(older);
        testee().create(sameInstant);
        testee().create(key(OTHER, "elsewhere"));

        assertThat(testee().list(EXAMPLE)).containsExactly(sameInstant, older, newer);
    }

    @Test
    default void listOfADomainWithoutKeysShouldBeEmpty() {
        assertThat(testee().list(EXAMPLE)).isEmpty();
    }

    @Test
    default void concurrentCreatesOfOneSelectorShouldLetExactlyOneWin() throws Exception {
        int writers = 8;
        DkimKey key = key(EXAMPLE, "s1");
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < writers; i++) {
            pool.submit(() -> {
                try {
                    start.await();
                    testee().create(key);
                    wins.incrementAndGet();
                } catch (AlreadyExistsException expected) {
                    // the losers
                } catch (Throwable t) {
                    unexpected.add(t);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(wins.get()).isEqualTo(1);
        assertThat(testee().list(EXAMPLE)).containsExactly(key);
        assertThat(testee().find(EXAMPLE, key.selector()).map(DkimKey::state)).isEqualTo(Optional.of(DkimKeyState.PENDING));
    }
}
