package io.smtpy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What every {@link AliasRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface AliasRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");

    AliasRepository testee();

    static AliasAddress address(DomainName domain, String localPart) {
        return AliasAddress.of(domain, LocalPart.of(localPart));
    }

    static Alias alias(DomainName domain, String localPart, String... destinations) {
        List<Destination> parsed = new ArrayList<>();
        for (String destination : destinations) {
            parsed.add(Destination.of(destination));
        }
        return Alias.builder(address(domain, localPart))
            .destinations(parsed)
            .createdAt(T0)
            .updatedAt(T0)
            .build();
    }

    static Alias richAlias(DomainName domain, String localPart) {
        return alias(domain, localPart, "Jane@Dest.example", "ops@dest.example").toBuilder()
            .enabled(false)
            .description("Sales team, \"quoted\", with commas; and ünïcode")
            .tags(Set.of("sales", "q4"))
            .fallbacks(List.of(Destination.of("Backup@Dest.example"), Destination.of("last@dest.example")))
            .expiresAt(Optional.of(T0.plusSeconds(3600)))
            .updatedAt(T0.plusSeconds(7))
            .build();
    }

    @Test
    default void createdAliasShouldBeFound() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));

        assertThat(testee().find(address(EXAMPLE, "info"))).contains(alias(EXAMPLE, "info", "a@dest.example"));
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        testee().create(richAlias(EXAMPLE, "sales"));

        Alias found = testee().find(address(EXAMPLE, "sales")).orElseThrow();
        assertThat(found).isEqualTo(richAlias(EXAMPLE, "sales"));
        assertThat(found.destinations()).extracting(Destination::asString)
            .containsExactly("Jane@dest.example", "ops@dest.example");
        assertThat(found.fallbacks()).extracting(Destination::asString).containsExactly("Backup@dest.example", "last@dest.example");
    }

    @Test
    default void aliasesShouldBeKeptApartByDomain() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));

        assertThat(testee().find(address(OTHER, "info"))).isEmpty();
    }

    @Test
    default void createShouldRefuseAnExistingAddress() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));

        assertThatThrownBy(() -> testee().create(alias(EXAMPLE, "info", "b@dest.example")))
            .isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().find(address(EXAMPLE, "info"))).contains(alias(EXAMPLE, "info", "a@dest.example"));
    }

    @Test
    default void updateShouldReplaceTheAlias() {
        testee().create(alias(EXAMPLE, "sales", "a@dest.example"));

        testee().update(richAlias(EXAMPLE, "sales"));

        assertThat(testee().find(address(EXAMPLE, "sales"))).contains(richAlias(EXAMPLE, "sales"));
    }

    @Test
    default void updateOfAnUnknownAliasShouldFail() {
        assertThatThrownBy(() -> testee().update(alias(EXAMPLE, "info", "a@dest.example")))
            .isInstanceOf(NotFoundException.class);
        assertThat(testee().find(address(EXAMPLE, "info"))).isEmpty();
    }

    @Test
    default void conditionalUpdateFromTheStoredVersionShouldApply() {
        testee().create(alias(EXAMPLE, "sales", "a@dest.example"));

        testee().update(richAlias(EXAMPLE, "sales"), T0);

        assertThat(testee().find(address(EXAMPLE, "sales"))).contains(richAlias(EXAMPLE, "sales"));
    }

    @Test
    default void conditionalUpdateFromAnOlderVersionShouldBeRefusedAndWriteNothing() {
        testee().create(alias(EXAMPLE, "sales", "a@dest.example"));
        Alias first = alias(EXAMPLE, "sales", "first@dest.example").toBuilder().updatedAt(T0.plusSeconds(1)).build();
        testee().update(first, T0);

        Alias second = alias(EXAMPLE, "sales", "second@dest.example").toBuilder().updatedAt(T0.plusSeconds(2)).build();
        assertThatThrownBy(() -> testee().update(second, T0)).isInstanceOf(io.smtpy.core.store.ConcurrentChangeException.class);
        assertThat(testee().find(address(EXAMPLE, "sales"))).contains(first);
    }

    @Test
    default void conditionalUpdateOfAnUnknownAliasShouldFail() {
        assertThatThrownBy(() -> testee().update(alias(EXAMPLE, "info", "a@dest.example"), T0))
            .isInstanceOf(NotFoundException.class);
        assertThat(testee().find(address(EXAMPLE, "info"))).isEmpty();
    }

    @Test
    default void deleteShouldRemoveTheAlias() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));
        testee().create(alias(EXAMPLE, "sales", "a@dest.example"));

        assertThat(testee().delete(address(EXAMPLE, "info"))).isTrue();

        assertThat(testee().find(address(EXAMPLE, "info"))).isEmpty();
        assertThat(testee().all(EXAMPLE)).extracting(a -> a.address().localPart().asString()).containsExactly("sales");
    }

    @Test
    default void deleteOfAnUnknownAliasShouldSayNothingWasDeleted() {
        assertThat(testee().delete(address(EXAMPLE, "info"))).isFalse();
    }

    @Test
    default void allShouldListOneDomainSortedByLocalPart() {
        testee().create(alias(EXAMPLE, "zed", "a@dest.example"));
        testee().create(alias(EXAMPLE, "abe", "a@dest.example"));
        testee().create(alias(OTHER, "mid", "a@dest.example"));

        assertThat(testee().all(EXAMPLE)).extracting(a -> a.address().localPart().asString()).containsExactly("abe", "zed");
    }

    @Test
    default void listShouldPageInLocalPartOrderAndCountAll() {
        for (int i = 0; i < 25; i++) {
            testee().create(alias(EXAMPLE, String.format("a%02d", i), "a@dest.example"));
        }
        testee().create(alias(OTHER, "a00", "a@dest.example"));

        AliasPage page = testee().list(AliasQuery.of(EXAMPLE, T0).withPage(10, 10));

        assertThat(page.total()).isEqualTo(25);
        assertThat(page.aliases()).extracting(a -> a.address().localPart().asString())
            .containsExactly("a10", "a11", "a12", "a13", "a14", "a15", "a16", "a17", "a18", "a19");
    }

    @Test
    default void listPastTheLastPageShouldBeEmptyButCountAll() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));

        AliasPage page = testee().list(AliasQuery.of(EXAMPLE, T0).withPage(5, 10));

        assertThat(page.aliases()).isEmpty();
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    default void listShouldFilterByTag() {
        testee().create(richAlias(EXAMPLE, "sales"));
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));

        AliasPage page = testee().list(AliasQuery.of(EXAMPLE, T0).withTag(Optional.of("Q4")));

        assertThat(page.aliases()).extracting(a -> a.address().localPart().asString()).containsExactly("sales");
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    default void listShouldFilterByTextInLocalPartDescriptionOrDestination() {
        testee().create(richAlias(EXAMPLE, "sales"));
        testee().create(alias(EXAMPLE, "info", "info@elsewhere.example"));
        testee().create(alias(EXAMPLE, "billing", "money@dest.example"));

        assertThat(testee().list(AliasQuery.of(EXAMPLE, T0).withText(Optional.of("INF"))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("info");
        assertThat(testee().list(AliasQuery.of(EXAMPLE, T0).withText(Optional.of("team, \"quoted"))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("sales");
        assertThat(testee().list(AliasQuery.of(EXAMPLE, T0).withText(Optional.of("elsewhere"))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("info");
        assertThat(testee().list(AliasQuery.of(EXAMPLE, T0).withText(Optional.of("%"))).aliases()).isEmpty();
        assertThat(testee().list(AliasQuery.of(EXAMPLE, T0).withText(Optional.of("_"))).aliases()).isEmpty();
    }

    @Test
    default void listShouldFilterByExpiryAtTheQueryInstant() {
        testee().create(richAlias(EXAMPLE, "temp"));
        testee().create(alias(EXAMPLE, "forever", "a@dest.example"));
        Instant expiry = richAlias(EXAMPLE, "temp").expiresAt().orElseThrow();

        assertThat(testee().list(AliasQuery.of(EXAMPLE, expiry.minusSeconds(1)).withExpired(Optional.of(true))).aliases())
            .isEmpty();
        assertThat(testee().list(AliasQuery.of(EXAMPLE, expiry).withExpired(Optional.of(true))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("temp");
        assertThat(testee().list(AliasQuery.of(EXAMPLE, expiry).withExpired(Optional.of(false))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("forever");
    }

    @Test
    default void saveAllShouldCreateAndReplace() {
        testee().create(alias(EXAMPLE, "info", "old@dest.example"));

        testee().saveAll(List.of(alias(EXAMPLE, "info", "new@dest.example"), richAlias(EXAMPLE, "sales")));

        assertThat(testee().all(EXAMPLE)).containsExactly(alias(EXAMPLE, "info", "new@dest.example"), richAlias(EXAMPLE, "sales"));
    }

    @Test
    default void deleteAllShouldEmptyOnlyThatDomain() {
        testee().create(alias(EXAMPLE, "info", "a@dest.example"));
        testee().create(alias(EXAMPLE, "sales", "a@dest.example"));
        testee().create(alias(OTHER, "info", "a@dest.example"));

        assertThat(testee().deleteAll(EXAMPLE)).isEqualTo(2);

        assertThat(testee().all(EXAMPLE)).isEmpty();
        assertThat(testee().all(OTHER)).hasSize(1);
    }

    @Test
    default void concurrentCreatesOfOneAddressShouldLetExactlyOneWin() throws Exception {
        int writers = 8;
        AtomicInteger wins = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> unexpected = runConcurrently(writers, writer -> {
            try {
                testee().create(alias(EXAMPLE, "info", "w" + writer + "@dest.example"));
                wins.incrementAndGet();
            } catch (AlreadyExistsException expected) {
                // the losers
            }
        });

        assertThat(unexpected).isEmpty();
        assertThat(wins.get()).isEqualTo(1);
        assertThat(testee().all(EXAMPLE)).hasSize(1);
    }

    @Test
    default void concurrentWritersOfDifferentAliasesShouldAllBeStored() throws Exception {
        int writers = 4;
        int perWriter = 50;
        ConcurrentLinkedQueue<Throwable> unexpected = runConcurrently(writers, writer -> {
            for (int i = 0; i < perWriter; i++) {
                testee().create(alias(EXAMPLE, "w" + writer + "-" + i, "a@dest.example"));
            }
        });

        assertThat(unexpected).isEmpty();
        assertThat(testee().all(EXAMPLE)).hasSize(writers * perWriter);
    }

    interface Writer {
        void write(int writer) throws Exception;
    }

    private static ConcurrentLinkedQueue<Throwable> runConcurrently(int writers, Writer body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < writers; i++) {
            int writer = i;
            pool.submit(() -> {
                try {
                    start.await();
                    body.write(writer);
                } catch (Throwable t) {
                    unexpected.add(t);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        return unexpected;
    }
}
