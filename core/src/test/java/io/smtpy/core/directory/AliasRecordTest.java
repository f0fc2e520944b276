package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class AliasRecordTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456789Z");

    private static Alias.Builder alias(String localPart, String... destinations) {
        return Alias.builder(AliasAddress.of(DOMAIN, LocalPart.of(localPart)))
            .destinations(List.of(destinations).stream().map(Destination::of).collect(Collectors.toList()))
            .createdAt(CREATED)
            .updatedAt(CREATED);
    }

    @Test
    void recordShouldKeepWhatResolutionReads() {
        Alias alias = alias("Info.Desk", "a@dest.example").build();

        byte[] record = AliasRecord.of(alias);

        assertThat(AliasRecord.key(record)).isEqualTo("info.desk");
        assertThat(AliasRecord.hasKey(record, "info.desk")).isTrue();
        assertThat(AliasRecord.hasKey(record, "Info.Desk")).isFalse();
        assertThat(AliasRecord.keyHash(record)).isEqualTo("info.desk".hashCode());
        assertThat(AliasRecord.enabled(record)).isTrue();
        assertThat(AliasRecord.expires(record)).isFalse();
        assertThat(AliasRecord.createdAt(record)).isEqualTo(CREATED);
        assertThat(AliasRecord.destinations(record)).isEqualTo(alias.destinations());
    }

    @Test
    void disabledAliasShouldStayDisabled() {
        assertThat(AliasRecord.enabled(AliasRecord.of(alias("info", "a@dest.example").enabled(false).build()))).isFalse();
    }

    @Test
    void expiryShouldBeKeptToTheNanosecond() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00.000000001Z");
        byte[] record = AliasRecord.of(alias("info", "a@dest.example").expiresAt(Optional.of(expiry)).build());

        assertThat(AliasRecord.isExpiredAt(record, expiry.minusNanos(1))).isFalse();
        assertThat(AliasRecord.isExpiredAt(record, expiry)).isTrue();
        assertThat(AliasRecord.createdAt(record)).isEqualTo(CREATED);
        assertThat(AliasRecord.isExpiredAt(AliasRecord.of(alias("info", "a@dest.example").build()), Instant.MAX)).isFalse();
    }

    @Test
    void timesBeforeTheEpochShouldComeBackUnchanged() {
        Instant early = Instant.parse("1969-12-31T23:59:59.999999999Z");
        byte[] record = AliasRecord.of(alias("info", "a@dest.example").createdAt(early).expiresAt(Optional.of(early)).build());

        assertThat(AliasRecord.createdAt(record)).isEqualTo(early);
        assertThat(AliasRecord.isExpiredAt(record, early)).isTrue();
        assertThat(AliasRecord.isExpiredAt(record, early.minusNanos(1))).isFalse();
    }

    @Test
    void everyKindOfDestinationShouldComeBackEqualAndSpelledAlike() {
        String longLocalPart = "x".repeat(64);
        String longDomain = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".example";
        Alias alias = alias("info", "Jane.Doe@Dest.Example", "\"john smith\"@dest.example", "a+b@bücher.example",
            "o'hara@xn--bcher-kva.example", longLocalPart + "@" + longDomain, "x!#$%&'*/=?^_`{|}~-@dest.example").build();

        List<Destination> decoded = AliasRecord.destinations(AliasRecord.of(alias));

        assertThat(decoded).isEqualTo(alias.destinations());
        for (int i = 0; i < decoded.size(); i++) {
            assertThat(decoded.get(i).asString()).isEqualTo(alias.destinations().get(i).asString());
            assertThat(decoded.get(i).address()).isEqualTo(alias.destinations().get(i).address());
        }
    }

    @Test
    void manyDestinationsShouldAllComeBackInOrder() {
        String[] destinations = new String[300];
        for (int i = 0; i < destinations.length; i++) {
            destinations[i] = "d" + i + "@dest.example";
        }
        Alias alias = alias("list", destinations).build();

        assertThat(AliasRecord.destinations(AliasRecord.of(alias))).isEqualTo(alias.destinations());
    }
}
