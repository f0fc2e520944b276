package io.smtpy.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKey;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyPair;
import io.smtpy.core.dkim.DkimSelector;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dns.CheckStatus;
import io.smtpy.core.dns.DnsCheckReport;
import io.smtpy.core.dns.RecordCheck;
import io.smtpy.core.dns.RecordKind;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

class DnsWatchTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository repository = new MemoryMailEventRepository();
    private final OwnerAlerts alerts = new OwnerAlerts(clock);
    private final DnsWatch watch = new DnsWatch(new MailEvents(repository), alerts, clock, Duration.ofHours(48));

    private static RecordCheck check(RecordKind kind, String name, CheckStatus status) {
        return RecordCheck.of(kind, name, "expected", List.of(), status, "hint");
    }

    private static DnsCheckReport report(CheckStatus mx, CheckStatus spf, CheckStatus dkim) {
        return DnsCheckReport.of(EXAMPLE, List.of(check(RecordKind.MX, "example.com", mx), check(RecordKind.SPF, "example.com", spf),
            check(RecordKind.DKIM, "s1._domainkey.example.com", dkim), check(RecordKind.OWNERSHIP, "_smtpy.example.com", CheckStatus.MISSING)));
    }

    private List<MailEvent> dnsEvents() {
        return repository.list(MailEventQuery.of(EXAMPLE).withType(Optional.of(MailEventType.DNS_CHECK)));
    }

    private List<Alert> drain() throws Exception {
        return OwnerAlertsTest.drain(alerts);
    }

    @Test
    void theFirstCheckShouldOnlyLearnTheStateEvenWhenSomethingIsWrong() throws Exception {
        watch.checked(report(CheckStatus.MISSING, CheckStatus.OK, CheckStatus.OK), List.of());

        assertThat(dnsEvents()).isEmpty();
        assertThat(drain()).isEmpty();
    }

    @Test
    void aRecordGoingWrongShouldBeOneEventAndOneAlertHoweverManyChecksFollow() throws Exception {
        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());
        clock.moveBy(Duration.ofHours(6));
        watch.checked(report(CheckStatus.WRONG, CheckStatus.OK, CheckStatus.OK), List.of());
        clock.moveBy(Duration.ofHours(6));
        watch.checked(report(CheckStatus.WRONG, CheckStatus.OK, CheckStatus.OK), List.of());

        assertThat(dnsEvents()).singleElement().extracting(MailEvent::detail).isEqualTo("went wrong: MX example.com (wrong)");
        assertThat(drain()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.DNS_CHECK);
            assertThat(alert.subject()).isEqualTo("DNS records of example.com went wrong");
        });
    }

    @Test
    void aMendedRecordShouldBeRecordedButNotMailed() throws Exception {
        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());
        watch.checked(report(CheckStatus.OK, CheckStatus.MISSING, CheckStatus.OK), List.of());
        drain();

        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());

        assertThat(dnsEvents()).extracting(MailEvent::detail).contains("mended: SPF example.com (ok)");
        assertThat(drain()).isEmpty();
    }

    @Test
    void aDkimRecordGoingWrongShouldBeADkimAlert() throws Exception {
        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());

        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.MISSING), List.of());

        assertThat(drain()).singleElement().extracting(Alert::kind).isEqualTo(NotificationType.DKIM);
    }

    @Test
    void aFailedLookupShouldNeitherBreakNorMendARecord() throws Exception {
        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());

        watch.checked(report(CheckStatus.ERROR, CheckStatus.OK, CheckStatus.OK), List.of());
        watch.checked(report(CheckStatus.OK, CheckStatus.OK, CheckStatus.OK), List.of());

        assertThat(dnsEvents()).isEmpty();
        assertThat(drain()).isEmpty();
    }

    @Test
    void aNewKeyWaitingForItsRecordTooLongShouldBeOneDkimAlert() throws Exception {
        DkimSelector selector = DkimSelector.of("v1-ed25519-20260301");
        DkimKeyPair pair = new DkimKeyGenerator().generate(DkimAlgorithm.ED25519_SHA256);
        DkimKey pending = DkimKey.pending(EXAMPLE, selector, DkimAlgorithm.ED25519_SHA256, pair.publicKey(),
            new PrivateKeyCipher(new byte[32]).seal(pair.privateKey(), selector.recordName(EXAMPLE)), clock.instant());
        DnsCheckReport unpublished = DnsCheckReport.of(EXAMPLE, List.of(check(RecordKind.DKIM, pending.recordName(), CheckStatus.MISSING)));

        watch.checked(unpublished, List.of(pending));
        clock.moveBy(Duration.ofHours(47));
        watch.checked(unpublished, List.of(pending));
        List<Alert> beforeTheLimit = drain();
        clock.moveBy(Duration.ofHours(2));
        watch.checked(unpublished, List.of(pending));
        clock.moveBy(Duration.ofHours(30));
        watch.checked(unpublished, List.of(pending));

        assertThat(beforeTheLimit).isEmpty();
        assertThat(drain()).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(NotificationType.DKIM);
            assertThat(alert.subject()).isEqualTo("DKIM key rotation of example.com waits for DNS");
            assertThat(alert.text()).contains(pending.recordName() + " TXT");
        });
    }
}
