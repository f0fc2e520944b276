package io.smtpy.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** What every {@link RollupRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface RollupRepositoryContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");
    Instant H0 = Instant.parse("2026-12-04T10:00:00Z");
    Instant H1 = H0.plus(Duration.ofHours(1));
    Instant H2 = H0.plus(Duration.ofHours(2));

    RollupRepository testee();

    static Rollup rollup(DomainName domain, String alias, Instant hour, long received) {
        return new Rollup(RollupKey.of(domain, alias, hour), Map.of("received", received), Map.of(), Map.of());
    }

    /** Every part of a roll-up, with text that trips naive storage (quotes, JSON, SQL, beyond the BMP). */
    static Rollup rich(Instant hour) {
        return new Rollup(RollupKey.of(EXAMPLE, "sales", hour),
            Map.of("received", 3L, "rejected:unknown-user", 2L, "bounced:policy", 1L, Rollup.SPAM, 1L),
            Map.of(Rollup.SENDERS, Map.of("a\"b'c@x.example", 2L, "<>", 1L),
                Rollup.DESTINATIONS, Map.of("\uD83D\uDCEC'; DROP TABLE analytics_rollups;--@y.example", 1L)),
            Map.of(0, 1L, 17, 4L, LatencyHistogram.BINS - 1, 2L));
    }

    @Test
    default void aStoredRollupShouldBeFoundWhole() {
        testee().add(List.of(rich(H0)));

        assertThat(testee().find(EXAMPLE, "sales", H0, H1)).containsExactly(rich(H0));
    }

    @Test
    default void addingToAStoredHourShouldSumCountsTopValuesAndLatencies() {
        testee().add(List.of(rich(H0)));
        testee().add(List.of(rich(H0)));

        Rollup stored = testee().find(EXAMPLE, "sales", H0, H1).get(0);
        assertThat(stored.counts()).containsEntry("received", 6L).containsEntry("rejected:unknown-user", 4L)
            .containsEntry(Rollup.SPAM, 2L);
        assertThat(stored.top().get(Rollup.SENDERS)).containsEntry("a\"b'c@x.example", 4L).containsEntry("<>", 2L);
        assertThat(stored.latency()).containsEntry(0, 2L).containsEntry(17, 8L);
        assertThat(stored).isEqualTo(rich(H0).plus(rich(H0)));
    }

    @Test
    default void findShouldReturnTheHoursOfTheSpanOldestFirst() {
        testee().add(List.of(rollup(EXAMPLE, "*", H2, 3), rollup(EXAMPLE, "*", H0, 1), rollup(EXAMPLE, "*", H1, 2)));

        assertThat(testee().find(EXAMPLE, "*", H0, H2.plusSeconds(3600)))
            .extracting(rollup -> rollup.count("received")).containsExactly(1L, 2L, 3L);
        assertThat(testee().find(EXAMPLE, "*", H1, H2)).extracting(rollup -> rollup.key().hour()).containsExactly(H1);
        assertThat(testee().find(EXAMPLE, "*", H1.minusSeconds(1), H1.plusSeconds(1)))
            .extracting(rollup -> rollup.key().hour()).containsExactly(H1);
        assertThat(testee().find(EXAMPLE, "*", H2, H0)).isEmpty();
    }

    @Test
    default void findShouldKeepDomainsAndAliasesApart() {
        testee().add(List.of(rollup(EXAMPLE, "*", H0, 1), rollup(EXAMPLE, "sales", H0, 2), rollup(OTHER, "*", H0, 4)));

        assertThat(testee().find(EXAMPLE, "*", H0, H1)).containsExactly(rollup(EXAMPLE, "*", H0, 1));
        assertThat(testee().find(EXAMPLE, "sales", H0, H1)).containsExactly(rollup(EXAMPLE, "sales", H0, 2));
        assertThat(testee().find(OTHER, "*", H0, H1)).containsExactly(rollup(OTHER, "*", H0, 4));
        assertThat(testee().find(OTHER, "sales", H0, H1)).isEmpty();
    }

    @Test
    default void deleteDomainShouldForgetOnlyThatDomain() {
        testee().add(List.of(rollup(EXAMPLE, "*", H0, 1), rollup(EXAMPLE, "sales", H0, 2), rollup(OTHER, "*", H0, 4)));

        testee().deleteDomain(EXAMPLE);

        assertThat(testee().find(EXAMPLE, "*", H0, H1)).isEmpty();
        assertThat(testee().find(EXAMPLE, "sales", H0, H1)).isEmpty();
        assertThat(testee().find(OTHER, "*", H0, H1)).hasSize(1);
    }

    @Test
    default void deleteBeforeShouldForgetOlderHoursOfEveryDomain() {
        testee().add(List.of(rollup(EXAMPLE, "*", H0, 1), rollup(EXAMPLE, "sales", H1, 2), rollup(OTHER, "*", H0, 4),
            rollup(OTHER, "*", H2, 8)));

        assertThat(testee().deleteBefore(H1)).isEqualTo(2);

        assertThat(testee().find(EXAMPLE, "*", H0, H2.plusSeconds(3600))).isEmpty();
        assertThat(testee().find(EXAMPLE, "sales", H0, H2.plusSeconds(3600))).containsExactly(rollup(EXAMPLE, "sales", H1, 2));
        assertThat(testee().find(OTHER, "*", H0, H2.plusSeconds(3600))).containsExactly(rollup(OTHER, "*", H2, 8));
    }

    @Test
    default void topValuesShouldStayBoundedWhenAdded() {
        for (int i = 0; i < 3; i++) {
            Map<String, Long> senders = new java.util.HashMap<>();
            for (int j = 0; j < TopValues.CAPACITY; j++) {
                senders.put("s" + i + "-" + j + "@x.example", 1L);
            }
            senders.put("frequent@x.example", 50L);
            testee().add(List.of(new Rollup(RollupKey.of(EXAMPLE, "*", H0), Map.of(), Map.of(Rollup.SENDERS, senders), Map.of())));
        }

        Map<String, Long> top = testee().find(EXAMPLE, "*", H0, H1).get(0).top().get(Rollup.SENDERS);
        assertThat(top).hasSize(TopValues.CAPACITY).containsEntry("frequent@x.example", 150L);
    }
}
