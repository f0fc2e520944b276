package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.ComplaintsAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.matchers.IsComplaintsRecipient;
import io.smtpy.suppression.ArfSamples;
import io.smtpy.suppression.Complaints;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;

class ComplaintIntakeTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final Suppressions suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(events), clock,
        SuppressionSettings.DEFAULT);
    private final ComplaintIntake mailet = new ComplaintIntake(new Complaints(events, new MailEvents(events), suppressions, clock));

    private static FakeMail mailTo(String recipient, String message) throws Exception {
        return FakeMail.builder().name("fbl-1").sender("fbl@dest.example").recipient(new MailAddress(recipient))
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))).build();
    }

    @Test
    void theMatcherShouldTakeOnlyTheComplaintsAddressWhateverTheCase() throws Exception {
        IsComplaintsRecipient matcher = new IsComplaintsRecipient(ComplaintsAddress.of(new MailAddress("fbl@mx.example")));
        FakeMail mail = FakeMail.builder().name("m").recipients(new MailAddress("FBL@mx.example"), new MailAddress("other@mx.example"))
            .build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("FBL@mx.example"));
        assertThat(new IsComplaintsRecipient(ComplaintsAddress.NONE).match(mail)).isEmpty();
    }

    @Test
    void anArfReportShouldBeAComplaintOnTheDomainItsTraceFieldNamesAndNotGoFurther() throws Exception {
        FakeMail mail = mailTo("fbl@mx.example", ArfSamples.abuseReport("m1@sender.example", "example.com", "sales@example.com",
            "jane@dest.example", "SRS0=ab=cd=sender.example=bob@example.com"));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(events.list(MailEventQuery.of(DOMAIN).withType(Optional.of(MailEventType.COMPLAINED)))).singleElement()
            .satisfies(event -> assertThat(event.recipients()).isEqualTo(List.of("jane@dest.example")));
        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("jane@dest.example"))).isPresent();
    }

    @Test
    void aMailThatIsNotAReportShouldBeDroppedWithoutAnEvent() throws Exception {
        FakeMail mail = mailTo("fbl@mx.example", "From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n");

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(events.list(MailEventQuery.of(DOMAIN))).isEmpty();
    }
}
