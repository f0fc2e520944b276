package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

class OwnerAlertsTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final OwnerAlerts alerts = new OwnerAlerts(clock);

    private MailEvent bounced(String destination, int code) {
        return MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, clock.instant()).alias(LocalPart.of("sales"))
            .recipients(List.of(destination)).smtpCode(Optional.of(code)).enhancedStatus(Optional.of(code >= 500 ? "5.1.1" : "4.2.2"))
            .detail("user unknown").build();
    }

    private MailEvent forwarded(int copies) {
        List<String> destinations = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            destinations.add("d" + i + "@dest.example");
        }
        return MailEvent.builder(EXAMPLE, MailEventType.FORWARDED, clock.instant()).recipients(destinations).build();
    }

    private List<Alert> drain() throws Exception {
        return drain(alerts);
    }

    /** Every alert waiting in the queue, taken. */
    static List<Alert> drain(OwnerAlerts alerts) throws Exception {
        List<Alert> all = new ArrayList<>();
        for (Optional<Alert> next = alerts.next(0); next.isPresent(); next = alerts.next(0)) {
            all.add(next.get());
        }
        return all;
    }

    @Test
    void aPermanentFailureShouldRaiseOneAlertPerDestinationAndDayNotOnePerMail() throws Exception {
        for (int i = 0; i < 5; i++) {
            alerts.onEvent(bounced("gone@dest.example", 550));
        }
        alerts.onEvent(bounced("full@dest.example", 452));

        List<Alert> first = drain();
        clock.moveBy(Duration.ofHours(23));
        alerts.onEvent(bounced("gone@dest.example", 550));
        List<Alert> sameDay = drain();
        clock.moveBy(Duration.ofHours(2));
        alerts.onEvent(bounced("gone@dest.example", 550));

        assertThat(first).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.DESTINATION_FAILING);
            assertThat(alert.about()).isEqualTo("gone@dest.example");
            assertThat(alert.subject()).isEqualTo("Mail to gone@dest.example is failing for example.com");
            assertThat(alert.text()).contains("alias sales").contains("550 5.1.1 user unknown");
        });
        assertThat(sameDay).isEmpty();
        assertThat(drain()).hasSize(1);
    }

    @Test
    void aBounceRateOverTheThresholdShouldRaiseOneDomainAlert() throws Exception {
        alerts.onEvent(forwarded(40));
        for (int i = 0; i < OwnerAlerts.MIN_BOUNCES - 1; i++) {
            alerts.onEvent(bounced("u" + i + "@dest.example", 550));
        }
        assertThat(drain()).noneMatch(alert -> alert.kind() == NotificationType.BOUNCE_RATE);

        alerts.onEvent(bounced("u9@dest.example", 550));
        alerts.onEvent(bounced("u10@dest.example", 550));

        assertThat(drain()).filteredOn(alert -> alert.kind() == NotificationType.BOUNCE_RATE).singleElement()
            .satisfies(alert -> assertThat(alert.text()).startsWith("10 forwarded copies for example.com failed for good"));
    }

    @Test
    void aLowBounceRateShouldNotAlert() throws Exception {
        // An event keeps at most 100 recipients: two copies of 100 destinations each.
        alerts.onEvent(forwarded(100));
        alerts.onEvent(forwarded(100));
        for (int i = 0; i < 20; i++) {
            alerts.onEvent(bounced("u" + i + "@dest.example", 550));
        }

        assertThat(drain()).noneMatch(alert -> alert.kind() == NotificationType.BOUNCE_RATE);
    }

    private MailEvent event(MailEventType type, String destination, String detail) {
        return MailEvent.builder(EXAMPLE, type, clock.instant()).alias(LocalPart.of("sales"))
            .recipients(destination.isEmpty() ? List.of() : List.of(destination)).detail(detail).build();
    }

    @Test
    void aSuppressionShouldBeMailedOnceWhateverTheCopiesItHoldsBack() throws Exception {
        alerts.onEvent(event(MailEventType.SUPPRESSED, "gone@dest.example",
            "suppressed until 2026-03-31T12:00:00Z: feedback type abuse, reported by Yahoo! (complaint:abuse)"));
        alerts.onEvent(event(MailEventType.SUPPRESSED, "gone@dest.example",
            "not sent to gone@dest.example: suppressed until 2026-03-31T12:00:00Z (abuse; suppression s1); held in the quarantine"));
        alerts.onEvent(event(MailEventType.SUPPRESSED, "gone@dest.example",
            "suppressed until 2026-03-31T12:00:00Z: feedback type abuse, reported by Yahoo! (complaint:abuse)"));

        assertThat(drain()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.SUPPRESSED);
            assertThat(alert.subject()).isEqualTo("Mail to gone@dest.example for sales@example.com is suppressed");
            assertThat(alert.text()).contains("until 2026-03-31T12:00:00Z");
        });
    }

    @Test
    void aSuppressionAfterAFailureForGoodShouldBeToldByTheFailuresAlertOnly() throws Exception {
        alerts.onEvent(MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, clock.instant()).alias(LocalPart.of("sales"))
            .recipients(List.of("gone@dest.example")).smtpCode(550).enhancedStatus("5.1.1")
            .detail("550 5.1.1 user unknown (no-such-user, permanent)").build());
        alerts.onEvent(event(MailEventType.SUPPRESSED, "gone@dest.example",
            "suppressed until 2026-03-31T12:00:00Z: 550 5.1.1 user unknown (bounce:no-such-user)"));
        alerts.onEvent(event(MailEventType.SUPPRESSED, "gone@dest.example",
            "not sent to gone@dest.example: suppressed until 2026-03-31T12:00:00Z (user unknown; suppression s1); held in the quarantine"));

        assertThat(drain()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.DESTINATION_FAILING);
            assertThat(alert.text()).contains("/smtpy/domains/example.com/suppressions");
        });
    }

    @Test
    void quarantinedMailShouldBeMailedAtMostHourlyWithTheCountHeldSinceTheLastAlert() throws Exception {
        alerts.onEvent(event(MailEventType.QUARANTINED, "", "block list entry 1"));
        List<Alert> first = drain();
        for (int i = 0; i < 4; i++) {
            clock.moveBy(Duration.ofMinutes(10));
            alerts.onEvent(event(MailEventType.QUARANTINED, "", "block list entry 1"));
        }
        List<Alert> withinTheHour = drain();
        clock.moveBy(Duration.ofMinutes(25));
        alerts.onEvent(event(MailEventType.QUARANTINED, "", "spam score 12"));

        assertThat(first).singleElement().extracting(Alert::subject).isEqualTo("1 mail quarantined for example.com");
        assertThat(withinTheHour).isEmpty();
        assertThat(drain()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.QUARANTINE);
            assertThat(alert.subject()).isEqualTo("5 mails quarantined for example.com");
            assertThat(alert.text()).contains("since 2026-03-01T12:00:00Z").contains("spam score 12");
        });
    }
}
