package io.smtpy.core.dkim;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * A DNS zone fed from the key repository with a lag, as an operator or a DNS provider would: a key's record
 * appears a chosen delay after the key is created (or never), carries the key while it is published and the
 * revoked form once it is retired. {@link #isPublished} reads the record back and compares the {@code p=}.
 */
final class FakeDns implements PublishedKeyCheck {
    private final DkimKeyRepository zone;
    private final Clock clock;
    private final Map<String, Optional<Duration>> delays = new HashMap<>();
    private Function<DkimKey, Optional<Duration>> delayOfNewRecords;
    private int lookups;

    private FakeDns(DkimKeyRepository zone, Clock clock, Function<DkimKey, Optional<Duration>> delayOfNewRecords) {
        this.zone = zone;
        this.clock = clock;
        this.delayOfNewRecords = delayOfNewRecords;
    }

    static FakeDns publishingAfter(DkimKeyRepository zone, Clock clock, Duration delay) {
        return new FakeDns(zone, clock, key -> Optional.of(delay));
    }

    /** Each record appears after its own delay, drawn uniformly in [0, maximum] hours. */
    static FakeDns publishingWithin(DkimKeyRepository zone, Clock clock, Random random, Duration maximum) {
        return new FakeDns(zone, clock,
            key -> Optional.of(Duration.ofHours(random.nextInt((int) maximum.toHours() + 1))));
    }

    /** Records already scheduled keep their delay; every record not looked up yet never appears. */
    void stopPublishingNewRecords() {
        delayOfNewRecords = key -> Optional.empty();
    }

    /** The TXT value a lookup of the key's name returns now, if any. */
    Optional<String> txt(DkimKey key) {
        Optional<DkimKey> stored = zone.find(key.domain(), key.selector());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> delay = delays.computeIfAbsent(key.recordName(), name -> delayOfNewRecords.apply(stored.get()));
        if (delay.isEmpty() || clock.instant().isBefore(stored.get().createdAt().plus(delay.get()))) {
            return Optional.empty();
        }
        return Optional.of(stored.get().txtRecord(true));
    }

    int lookups() {
        return lookups;
    }

    @Override
    public boolean isPublished(DkimKey key) {
        lookups++;
        return txt(key)
            .map(DkimRecordTags::parse)
            .map(tags -> key.publicKeyBase64().equals(tags.get("p")))
            .orElse(false);
    }
}
