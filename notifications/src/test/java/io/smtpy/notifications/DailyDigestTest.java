package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.MemoryRollupRepository;
import io.smtpy.analytics.Rollups;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

class DailyDigestTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");

    private final Rollups rollups = new Rollups(new MemoryRollupRepository());
    private final MemoryMailEventRepository repository = new MemoryMailEventRepository();
    private final MailEvents events = new MailEvents(repository, Set.of(rollups));
    private final DailyDigest digest = new DailyDigest(new Analytics(rollups), repository);

    private void record(MailEventType type, String at, String destination, String status) {
        MailEvent.Builder event = MailEvent.builder(EXAMPLE, type, Instant.parse(at)).alias(LocalPart.of("sales"))
            .recipients(List.of(destination));
        if (!status.isEmpty()) {
            event.smtpCode(Integer.parseInt(status.substring(0, 1) + "50")).enhancedStatus(status);
        }
        events.record(event.build());
    }

    @Test
    void theDigestShouldCountTheDayAndNameTheDestinationsFailingMost() {
        record(MailEventType.RECEIVED, "2026-02-28T23:59:00Z", "sales@example.com", "");
        for (int i = 0; i < 3; i++) {
            record(MailEventType.RECEIVED, "2026-03-01T0" + i + ":00:00Z", "sales@example.com", "");
            record(MailEventType.FORWARDED, "2026-03-01T0" + i + ":00:01Z", "jane@dest.example", "");
        }
        record(MailEventType.DELIVERED, "2026-03-01T00:00:02Z", "jane@dest.example", "");
        record(MailEventType.BOUNCED, "2026-03-01T01:00:02Z", "gone@dest.example", "5.1.1");
        record(MailEventType.BOUNCED, "2026-03-01T02:00:02Z", "gone@dest.example", "5.1.1");
        record(MailEventType.BOUNCED, "2026-03-01T02:00:03Z", "full@dest.example", "5.2.2");
        record(MailEventType.BOUNCED, "2026-03-02T00:00:00Z", "later@dest.example", "5.1.1");

        DailyDigest.Digest composed = digest.compose(EXAMPLE, DAY).orElseThrow();

        assertThat(composed.subject()).isEqualTo("smtpy daily digest for example.com, 2026-03-01");
        assertThat(composed.text())
            .containsPattern("received +3\n")
            .containsPattern("forwarded +3\n")
            .containsPattern("delivered +1\n")
            .containsPattern("bounced +3 +\\(")
            .containsPattern("gone@dest.example +2\n")
            .containsPattern("full@dest.example +1\n")
            .doesNotContain("later@dest.example");
        assertThat(composed.text().indexOf("gone@dest.example")).isLessThan(composed.text().indexOf("full@dest.example"));
    }

    @Test
    void aDayWithoutMailShouldMakeNoDigest() {
        record(MailEventType.RECEIVED, "2026-02-28T12:00:00Z", "sales@example.com", "");

        assertThat(digest.compose(EXAMPLE, DAY)).isEmpty();
    }
}
