package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.testing.MovableClock;

class RcptRefusalsTest {
    private static final DomainName DOMAIN = DomainName.of("d1.example");
    private static final SMTPSession SESSION = FakeSmtpSession.unauthenticated("abc");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final RcptRefusals refusals = new RcptRefusals(new MailEvents(events), clock);

    private List<MailEvent> recordedEvents() {
        return events.list(MailEventQuery.of(DOMAIN));
    }

    @Test
    void permanentRefusalShouldDenyWithItsCodeAndEnhancedStatus() throws Exception {
        HookResult result = refusals.refuse(SESSION, MaybeSender.getMailSender("jane@sender.example"),
            new MailAddress("nobody@d1.example"), SmtpStatus.of(550, "5.1.1", "no such recipient here"), false);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.1.1 no such recipient here");
    }

    @Test
    void temporaryRefusalShouldDenySoftly() throws Exception {
        HookResult result = refusals.refuse(SESSION, MaybeSender.nullSender(), new MailAddress("x@d1.example"),
            SmtpStatus.of(450, "4.2.0", "try later"), false);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("450");
        assertThat(result.getSmtpDescription()).isEqualTo("4.2.0 try later");
    }

    @Test
    void disconnectingRefusalShouldDenySoftlyAndCloseTheConnection() throws Exception {
        HookResult result = refusals.refuse(SESSION, MaybeSender.nullSender(), new MailAddress("later@d1.example"),
            SmtpStatus.of(421, "4.7.0", "not now"), true);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT));
        assertThat(result.getSmtpRetCode()).isEqualTo("421");
        assertThat(result.getSmtpDescription()).isEqualTo("4.7.0 not now");
    }

    @Test
    void refusalShouldBeRecordedAsARejectedEventOfTheRecipientsDomain() throws Exception {
        refusals.refuse(SESSION, MaybeSender.getMailSender("jane@sender.example"), new MailAddress("nobody@D1.example"),
            SmtpStatus.of(550, "5.1.1", "no such recipient here"), false);

        assertThat(recordedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.REJECTED);
            assertThat(event.at()).isEqualTo(clock.instant());
            assertThat(event.alias()).contains(LocalPart.of("nobody"));
            assertThat(event.mailId()).contains("smtp-session-abc");
            assertThat(event.sender()).isEqualTo("jane@sender.example");
            assertThat(event.smtpCode()).contains(550);
            assertThat(event.enhancedStatus()).contains("5.1.1");
            assertThat(event.detail()).isEqualTo("no such recipient here");
        });
    }

    @Test
    void nullSenderShouldBeRecordedAsTheNullReversePath() throws Exception {
        refusals.refuse(SESSION, MaybeSender.nullSender(), new MailAddress("nobody@d1.example"), SmtpStatus.of(550, "5.1.1", "no"), false);

        assertThat(recordedEvents()).singleElement().satisfies(event -> assertThat(event.sender()).isEqualTo(MailEvent.NULL_SENDER));
    }

    @Test
    void droppedRecipientShouldBeRecordedWithoutAnSmtpCode() throws Exception {
        refusals.record(SESSION, MaybeSender.getMailSender("jane@sender.example"), new MailAddress("info@d1.example"),
            MailEventType.DROPPED, Optional.empty(), "not forwarded");

        assertThat(recordedEvents()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.DROPPED);
            assertThat(event.smtpCode()).isEmpty();
            assertThat(event.enhancedStatus()).isEmpty();
            assertThat(event.detail()).isEqualTo("not forwarded");
        });
    }
}
