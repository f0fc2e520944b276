package io.smtpy.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;

class EventClassesTest {
    private static MailEvent event(MailEventType type, String status, String detail) {
        MailEvent.Builder event = MailEvent.builder(DomainName.of("example.com"), type, Instant.parse("2026-12-04T10:00:00Z"))
            .detail(detail);
        return status.isEmpty() ? event.build() : event.enhancedStatus(status).build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5.1.1|no such recipient here|unknown-user",
        "5.7.1|spam score 12.0 (threshold 10.0)|spam",
        "5.7.1|virus Eicar-Test-Signature|virus",
        "5.7.1|the recipient does not accept mail from this sender (block list entry 42 '*@rule.example' of domain example.com)|blocklist",
        "5.7.1|we do not take invoices here (rule 'no dmarc policy talk' of example.com/sales)|rule",
        "5.7.1|rejected by the recipient's rules (the rules)|rule",
        "5.7.1|message rejected: DMARC policy of bank.test is reject and the message fails DMARC|dmarc",
        "5.7.1|client address listed by zen.example|dnsbl",
        "5.4.6|mail loop: already forwarded 5 times|other"})
    void rejectionsShouldBeGroupedByTheReasonTheMailPathGave(String status, String detail, String reason) {
        assertThat(EventClasses.rejectionReason(event(MailEventType.REJECTED, status, detail))).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5.1.1|user", "5.2.2|mailbox", "5.3.0|system", "5.4.4|network", "5.5.0|protocol", "5.6.0|content", "5.7.26|policy",
        "5.10.1|other", "4.2.0|temporary", "|other"})
    void bouncesShouldBeClassedByTheSubjectOfTheirStatus(String status, String bounceClass) {
        assertThat(EventClasses.bounceClass(event(MailEventType.BOUNCED, status == null ? "" : status, "remote reply")))
            .isEqualTo(bounceClass);
    }
}
