package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class AliasTableTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private final AliasTable table = new AliasTable();

    private static byte[] record(String localPart, String destination) {
        return AliasRecord.of(Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of(localPart)))
            .destinations(List.of(Destination.of(destination)))
            .createdAt(Instant.EPOCH)
            .updatedAt(Instant.EPOCH)
            .build());
    }

    private String destinationOf(String key) {
        byte[] record = table.get(key);
        return record == null ? null : AliasRecord.destinations(record).get(0).asString();
    }

    /**
     * 2^bits distinct local parts of 2 * bits characters sharing one {@link String#hashCode()}: "a~" and "b_" hash
     * alike (97 * 31 + 126 = 98 * 31 + 95), and so does any sequence of such blocks of the same length.
     */
    private static List<String> collidingKeys(int bits) {
        List<String> keys = new ArrayList<>();
        for (int n = 0; n < 1 << bits; n++) {
            StringBuilder key = new StringBuilder();
            for (int bit = 0; bit < bits; bit++) {
                key.append((n >> bit & 1) == 0 ? "a~" : "b_");
            }
            keys.add(key.toString());
        }
        return keys;
    }

    @Test
    void aliasShouldBeFoundByItsLowerCaseLocalPartOnly() {
        table.put(record("info", "a@dest.example"));

        assertThat(destinationOf("info")).isEqualTo("a@dest.example");
        assertThat(table.get("Info")).isNull();
        assertThat(table.get("inf")).isNull();
        assertThat(table.get("info.")).isNull();
        assertThat(table.get("ïnfo")).isNull();
        assertThat(table.get("")).isNull();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void puttingTheSameLocalPartShouldReplaceItsAlias() {
        table.put(record("info", "a@dest.example"));
        table.put(record("info", "b@dest.example"));

        assertThat(destinationOf("info")).isEqualTo("b@dest.example");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removedAliasShouldNoLongerBeFound() {
        table.put(record("info", "a@dest.example"));

        assertThat(table.remove("info")).isTrue();
        assertThat(table.remove("info")).isFalse();
        assertThat(table.get("info")).isNull();
        assertThat(table.size()).isZero();

        table.put(record("info", "b@dest.example"));
        assertThat(destinationOf("info")).isEqualTo("b@dest.example");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void tableShouldGrowAndKeepEveryAlias() {
        int initialCapacity = table.capacity();
        for (int i = 0; i < 50_000; i++) {
            table.put(record("user" + i, "user" + i + "@dest.example"));
        }

        assertThat(table.capacity()).isGreaterThan(initialCapacity).isGreaterThanOrEqualTo(50_000 * 4 / 3);
        assertThat(table.size()).isEqualTo(50_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(destinationOf("user" + i)).isEqualTo("user" + i + "@dest.example");
        }
        assertThat(table.get("user50000")).isNull();
    }

    @Test
    void keysWithTheSameHashShouldAllBeFoundAndRemovedApart() {
        List<String> keys = collidingKeys(8);
        assertThat(keys.stream().map(String::hashCode).distinct()).hasSize(1);
        keys.forEach(key -> table.put(record(key, key + "@dest.example")));

        for (String key : keys) {
            assertThat(destinationOf(key)).isEqualTo(key + "@dest.example");
        }
        for (int i = 0; i < keys.size(); i += 2) {
            assertThat(table.remove(keys.get(i))).isTrue();
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(destinationOf(keys.get(i))).isEqualTo(i % 2 == 0 ? null : keys.get(i) + "@dest.example");
        }
        table.put(record(keys.get(0), "back@dest.example"));
        assertThat(destinationOf(keys.get(0))).isEqualTo("back@dest.example");
        assertThat(table.size()).isEqualTo(keys.size() / 2 + 1);
    }

    @Test
    void addingAndRemovingForeverShouldNotGrowTheTable() {
        table.put(record("stays", "stays@dest.example"));
        for (int i = 0; i < 100_000; i++) {
            table.put(record("churn" + i, "a@dest.example"));
            table.remove("churn" + i);
        }

        assertThat(table.capacity()).isLessThanOrEqualTo(64);
        assertThat(table.size()).isEqualTo(1);
        assertThat(destinationOf("stays")).isEqualTo("stays@dest.example");
        assertThat(table.get("churn99999")).isNull();
    }

    @Test
    void replacedAndRemovedRecordsShouldNotPileUp() {
        for (int i = 0; i < 1_000; i++) {
            table.put(record("user" + i, "user" + i + "@dest.example"));
        }
        for (int round = 0; round < 200; round++) {
            for (int i = round; i < 1_000; i++) {
                table.put(record("user" + i, "round" + round + "@dest.example"));
            }
            assertThat(table.remove("user" + round)).isTrue();
        }

        assertThat(table.arenaBytes()).isLessThanOrEqualTo(4L << 20);
        assertThat(table.size()).isEqualTo(800);
        assertThat(destinationOf("user999")).isEqualTo("round199@dest.example");
        assertThat(table.get("user0")).isNull();
    }

    @Test
    void recordLargerThanAChunkShouldBeKeptWhole() {
        String[] destinations = new String[8_000];
        for (int i = 0; i < destinations.length; i++) {
            destinations[i] = "destination-number-" + i + "@" + "d".repeat(60) + "." + "e".repeat(60) + ".example";
        }
        Alias big = Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of("big")))
            .destinations(List.of(destinations).stream().map(Destination::of).collect(Collectors.toList()))
            .createdAt(Instant.EPOCH)
            .updatedAt(Instant.EPOCH)
            .build();
        table.put(record("before", "a@dest.example"));
        table.put(AliasRecord.of(big));
        table.put(record("after", "b@dest.example"));

        assertThat(AliasRecord.destinations(table.get("big"))).isEqualTo(big.destinations());
        assertThat(destinationOf("before")).isEqualTo("a@dest.example");
        assertThat(destinationOf("after")).isEqualTo("b@dest.example");
    }

    /**
     * While one thread adds (growing the table many times), replaces and removes aliases, readers must find every
     * alias that exists throughout, whole (one of the versions written), and never one that was never added.
     */
    @Test
    void readersShouldSeeEveryStableAliasWhileTheTableChanges() throws Exception {
        List<String> stable = collidingKeys(6);
        stable.forEach(key -> table.put(record(key, "v0@dest.example")));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch started = new CountDownLatch(2);
        try {
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(threads.submit(() -> {
                    started.countDown();
                    long lookups = 0;
                    while (writing.get()) {
                        for (String key : stable) {
                            byte[] record = table.get(key);
                            assertThat(record).as(key).isNotNull();
                            assertThat(AliasRecord.destinations(record).get(0).asString()).matches("v[0-9]+@dest\\.example");
                            lookups++;
                        }
                        assertThat(table.get("never")).isNull();
                    }
                    return lookups;
                }));
            }
            Future<?> writer = threads.submit(() -> {
                started.await();
                for (int i = 0; i < 200_000; i++) {
                    table.put(record("new" + i, "n@dest.example"));
                    if (i % 3 == 0) {
                        table.remove("new" + (i / 2));
                    }
                    String key = stable.get(i % stable.size());
                    table.put(record(key, "v" + i + "@dest.example"));
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            writing.set(false);
            for (Future<Long> reader : readers) {
                assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            threads.shutdownNow();
        }
        assertThat(table.size()).isEqualTo(stable.size() + 200_000 - 66_667);
    }
}
