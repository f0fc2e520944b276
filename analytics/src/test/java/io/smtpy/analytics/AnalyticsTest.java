package io.smtpy.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.testing.MovableClock;

class AnalyticsTest {
    private static final DomainName EXAMPLE = RollupsTest.EXAMPLE;
    private static final Instant H0 = RollupsTest.H0;

    private final MovableClock clock = new MovableClock(H0.plusSeconds(1800));
    private final Rollups rollups = new Rollups(new MemoryRollupRepository());
    private final Analytics analytics = new Analytics(rollups);

    private AnalyticsQuery query(String interval, String from, String to) {
        return AnalyticsQuery.parse(EXAMPLE, Optional.empty(), Optional.ofNullable(interval), Optional.ofNullable(from),
            Optional.ofNullable(to), clock);
    }

    @Test
    void hourSeriesShouldBeZeroFilledAndAllOfOneLength() {
        rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "sales", H0.minus(Duration.ofHours(2))).build());
        rollups.flush();
        rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "sales", H0.plusSeconds(10)).build());
        rollups.onEvent(RollupsTest.event(MailEventType.DELIVERED, "sales", H0.plusSeconds(10)).build());

        AnalyticsReport report = analytics.report(query("hour", "2026-12-04T07:30:00Z", "2026-12-04T11:00:00Z"));

        assertThat(report.buckets()).containsExactly(Instant.parse("2026-12-04T07:00:00Z"), Instant.parse("2026-12-04T08:00:00Z"),
            Instant.parse("2026-12-04T09:00:00Z"), H0);
        assertThat(report.series().get("received")).containsExactly(0L, 1L, 0L, 1L);
        assertThat(report.series().get("delivered")).containsExactly(0L, 0L, 0L, 1L);
        assertThat(report.series()).containsOnlyKeys(AnalyticsReport.SERIES);
        assertThat(report.series().values()).allSatisfy(series -> assertThat(series).hasSize(4));
        assertThat(report.latency()).isEmpty();
    }

    @Test
    void daySeriesShouldSumTheirHours() {
        rollups.onEvent(RollupsTest.event(MailEventType.BOUNCED, "sales", Instant.parse("2026-12-03T01:00:00Z")).enhancedStatus("5.1.1").build());
        rollups.onEvent(RollupsTest.event(MailEventType.BOUNCED, "sales", Instant.parse("2026-12-03T23:59:59Z")).enhancedStatus("4.2.0").build());
        rollups.onEvent(RollupsTest.event(MailEventType.BOUNCED, "sales", H0).enhancedStatus("5.1.1").build());

        AnalyticsReport report = analytics.report(query("day", null, null));

        assertThat(report.buckets()).hasSize(30).endsWith(Instant.parse("2026-12-03T00:00:00Z"), Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(report.series().get("bounced").subList(28, 30)).containsExactly(2L, 1L);
        assertThat(report.bouncedByClass()).containsExactly(java.util.Map.entry("user", 2L), java.util.Map.entry("temporary", 1L));
    }

    @Test
    void theDefaultSpanShouldBeTheLast24HoursUpToTheCurrentOne() {
        AnalyticsQuery query = query(null, null, null);

        assertThat(query.interval()).isEqualTo(Interval.HOUR);
        assertThat(query.to()).isEqualTo(H0.plus(Duration.ofHours(1)));
        assertThat(query.from()).isEqualTo(H0.minus(Duration.ofHours(23)));
        assertThat(analytics.report(query).buckets()).hasSize(24);
    }

    @Test
    void anAliasFilterShouldShowOnlyThatAlias() {
        rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "sales", H0).build());
        rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "info", H0).build());

        AnalyticsReport report = analytics.report(AnalyticsQuery.parse(EXAMPLE, Optional.of("Sales"), Optional.empty(),
            Optional.empty(), Optional.empty(), clock));

        assertThat(report.series().get("received").get(23)).isEqualTo(1L);
        assertThat(report.top().get(Rollup.ALIASES)).containsOnlyKeys("sales");
    }

    @Test
    void topValuesShouldBeCutToTheTopTen() {
        for (int i = 0; i < 15; i++) {
            for (int j = 0; j <= i; j++) {
                rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "sales", H0).sender("s" + i + "@x.example").build());
            }
        }

        AnalyticsReport report = analytics.report(query(null, null, null));

        assertThat(report.top().get(Rollup.SENDERS)).hasSize(AnalyticsReport.TOP).containsKeys("s14@x.example", "s5@x.example")
            .doesNotContainKey("s4@x.example");
        assertThat(report.top().get(Rollup.DESTINATIONS)).isEmpty();
    }

    @Test
    void badParametersShouldBeRefusedNamingThem() {
        assertField(() -> query("week", null, null), "interval", "'week' is not an interval (known: hour, day)");
        assertField(() -> query(null, "yesterday", null), "from",
            "'from' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, got 'yesterday'");
        assertField(() -> query(null, null, "2026-12-04"), "to",
            "'to' must be an ISO-8601 instant such as 2026-12-04T10:00:00Z, got '2026-12-04'");
        assertField(() -> query(null, "2026-12-04T10:00:00Z", "2026-12-04T09:00:00Z"), "from",
            "'from' (2026-12-04T10:00:00Z) must be before 'to' (2026-12-04T09:00:00Z)");
        assertField(() -> query("hour", "2026-11-01T00:00:00Z", "2026-12-02T01:00:00Z"), "to",
            "one query covers at most 31 days of hours; from 2026-11-01T00:00:00Z to 2026-12-02T01:00:00Z is longer");
        assertField(() -> query("day", "2025-01-01T00:00:00Z", "2026-01-03T00:00:00Z"), "to",
            "one query covers at most 366 days of days; from 2025-01-01T00:00:00Z to 2026-01-03T00:00:00Z is longer");
        assertField(() -> AnalyticsQuery.parse(EXAMPLE, Optional.of("a+b"), Optional.empty(), Optional.empty(), Optional.empty(), clock),
            "alias", "local part 'a+b' must not contain '+': it starts a subaddress tag");
    }

    @Test
    void theLongestSpansShouldBeAccepted() {
        assertThat(analytics.report(query("hour", "2026-11-01T00:00:00Z", "2026-12-02T00:00:00Z")).buckets()).hasSize(31 * 24);
        assertThat(analytics.report(query("day", "2025-01-01T00:00:00Z", "2026-01-02T00:00:00Z")).buckets()).hasSize(366);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void latencyShouldBeReportedAsPercentiles() {
        rollups.onEvent(RollupsTest.event(MailEventType.RECEIVED, "sales", H0).mailId("m").build());
        rollups.onEvent(RollupsTest.event(MailEventType.DELIVERED, "sales", H0.plusMillis(800)).mailId("m").build());

        AnalyticsReport.Latency latency = analytics.report(query(null, null, null)).latency().orElseThrow();

        assertThat(List.of(latency.p50(), latency.p90(), latency.p99())).allSatisfy(value -> assertThat(value).isBetween(800L, 1000L));
    }
}
