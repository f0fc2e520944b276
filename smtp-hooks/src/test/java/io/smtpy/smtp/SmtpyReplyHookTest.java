package io.smtpy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.ReplyFixture;
import io.smtpy.sending.reverse.ReplyPolicy;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.SuppressionCause;
import io.smtpy.suppression.SuppressionId;

class SmtpyReplyHookTest {
    private static final DomainName DOMAIN = ReplyFixture.DOMAIN;
    private static final String PASS = "spf=pass smtp.mailfrom=mailbox.example; dkim=none; dmarc=pass header.from=mailbox.example";
    private static final String FAIL = "spf=pass smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=mailbox.example";

    private final ReplyFixture fixture = new ReplyFixture();
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final List<String> alerts = new ArrayList<>();
    private final MemorySuppressionRepository suppressions = new MemorySuppressionRepository();
    private final SmtpyReplyHook hook = new SmtpyReplyHook(new ReplyPolicy(fixture.reverseAliases, fixture.resolver),
        new RcptRefusals(new MailEvents(events), ReplyFixture.CLOCK),
        (domain, about, subject, text) -> alerts.add(about + " " + subject + "\n" + text),
        new Suppressions(suppressions, new MailEvents(events), ReplyFixture.CLOCK, SuppressionSettings.ofDays(30)));
    private final ReverseAlias reverse = fixture.ann;

    private FakeMail mail(String from, String results, String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("m1").sender("jane@mailbox.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom(from).addToRecipient(reverse.address().asString())
                .setSubject("Re: hello").setText("hi").build())
            .attribute(Attribute.convertToAttribute(AuthenticationAttributes.RESULTS, results));
        for (String recipient : recipients) {
            builder.recipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    @Test
    void authenticatedReplyShouldGoOnMarkedWithItsMailbox() throws Exception {
        FakeMail mail = mail("Jane <jane@mailbox.example>", PASS, reverse.address().asString(), "sales@brand.example");

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);

        assertThat(mail.getAttribute(AttributeName.of(SmtpyReplyHook.MAILBOX)).orElseThrow().getValue().value())
            .isEqualTo("jane@mailbox.example");
        assertThat(mail.getRecipients()).containsExactly(reverse.address());
        assertThat(alerts).isEmpty();
    }

    @Test
    void aReplyToAnOriginalSenderSuppressedForTheAliasShouldBeRefusedSayingSo() throws Exception {
        Instant now = ReplyFixture.CLOCK.instant();
        suppressions.add(new Suppression(SuppressionId.random(), DOMAIN, reverse.alias(), Destination.of(reverse.original().asString()),
            "550 5.1.1 user unknown", SuppressionCause.MANUAL, now.minusSeconds(60), now.plusSeconds(86_400), Optional.empty()));
        FakeMail mail = mail("Jane <jane@mailbox.example>", PASS, reverse.address().asString());

        HookResult result = hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 " + reverse.original().asString() + " is suppressed for "
            + reverse.aliasAddress().asString() + " until ").endsWith(": 550 5.1.1 user unknown");
        assertThat(mail.getAttribute(AttributeName.of(SmtpyReplyHook.MAILBOX))).isEmpty();
        assertThat(alerts).as("the mailbox itself wrote: nothing to alert about").isEmpty();
        assertThat(events.list(MailEventQuery.of(DOMAIN))).singleElement()
            .satisfies(event -> assertThat(event.type()).isEqualTo(MailEventType.REJECTED));
    }

    @Test
    void aSuppressionOfAnotherDestinationShouldNotStopTheReply() throws Exception {
        Instant now = ReplyFixture.CLOCK.instant();
        suppressions.add(new Suppression(SuppressionId.random(), DOMAIN, reverse.alias(), Destination.of("someone@else.example"),
            "bounced", SuppressionCause.MANUAL, now.minusSeconds(60), now.plusSeconds(86_400), Optional.empty()));
        FakeMail mail = mail("Jane <jane@mailbox.example>", PASS, reverse.address().asString());

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(AttributeName.of(SmtpyReplyHook.MAILBOX))).isPresent();
    }

    @Test
    void forgedReplyShouldBeRefusedRecordedAndAlerted() throws Exception {
        FakeMail mail = mail("jane@mailbox.example", FAIL, reverse.address().asString());

        HookResult result = hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 the reply does not authenticate as coming from mailbox.example");
        assertThat(mail.getAttribute(AttributeName.of(SmtpyReplyHook.MAILBOX))).isEmpty();
        assertThat(events.list(MailEventQuery.of(DOMAIN))).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.REJECTED);
            assertThat(event.alias()).contains(LocalPart.of("sales"));
        });
        assertThat(alerts).singleElement().satisfies(alert -> assertThat(alert)
            .startsWith(reverse.id().asString() + " A reply through sales@brand.example was refused")
            .contains("envelope sender <jane@mailbox.example>").contains("disable it"));
    }

    @Test
    void replyAlsoToOthersShouldBeRefusedWithoutAlert() throws Exception {
        FakeMail mail = mail("jane@mailbox.example", PASS, reverse.address().asString(), "carol@elsewhere.example");

        HookResult result = hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail);

        assertThat(result.getSmtpDescription()).startsWith("5.7.1 a reply through an alias cannot also go to other addresses");
        assertThat(alerts).isEmpty();
    }

    @Test
    void mailWithoutReverseAliasShouldBeLeftAlone() throws Exception {
        FakeMail mail = mail("x@y.example", FAIL, "sales@brand.example");

        assertThat(hook.onMessage(FakeSmtpSession.unauthenticated("s1"), mail)).isEqualTo(HookResult.DECLINED);
        assertThat(mail.getAttribute(AttributeName.of(SmtpyReplyHook.MAILBOX))).isEmpty();
    }
}
