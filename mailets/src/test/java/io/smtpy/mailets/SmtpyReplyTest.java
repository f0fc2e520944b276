package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.reverse.MemoryReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliases;

class SmtpyReplyTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final ReverseAliases reverseAliases = new ReverseAliases(new MemoryReverseAliasRepository(), CLOCK);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final SmtpyReply mailet = new SmtpyReply(reverseAliases, new MailEvents(events), CLOCK);
    private ReverseAlias ann;

    @BeforeEach
    void setUp() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpyReply").mailetContext(context).build());
        ann = reverseAliases.replyAddress(DOMAIN, LocalPart.of("sales"), new MailAddress("ann@customer.example"), "Ann");
    }

    private MailImpl reply() throws Exception {
        String raw = "Received: from mail.mailbox.example by mx for <jane@mailbox.example>; Sun, 1 Mar 2026 12:00:00 +0000\r\n"
            + "From: Jane <jane@mailbox.example>\r\n"
            + "To: Ann <" + ann.address().asString() + ">\r\n"
            + "Subject: Re: hello\r\n"
            + "Message-ID: <r1@mailbox.example>\r\n"
            + "\r\n"
            + "Thanks, jane\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return MailImpl.builder().name("reply").state("transport").sender("jane@mailbox.example")
            .addRecipient(ann.address().asString())
            .addAttribute(new Attribute(AttributeName.of(SmtpyReply.MAILBOX), AttributeValue.of("jane@mailbox.example")))
            .mimeMessage(message).build();
    }

    @Test
    void replyShouldGoToTheOriginalSenderFromTheAliasSignedAsTheDomainsMail() throws Exception {
        MailImpl mail = reply();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(mail.getMaybeSender().asString()).isEqualTo("sales@brand.example");
        assertThat(mail.getRecipients()).containsExactly(new MailAddress("ann@customer.example"));
        assertThat(ForwardingAttributes.domain(mail)).contains(DOMAIN);
        assertThat(ForwardingAttributes.aliases(mail)).containsExactly("sales@brand.example");
        assertThat(ForwardingAttributes.dkimSign(mail)).contains(true);
        assertThat(mail.getAttribute(AttributeName.of(SmtpyReply.MAILBOX))).isEmpty();
        String written = new String(RawMessages.bytes(mail.getMessage()), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("From: Jane <sales@brand.example>\r\n"
            + "To: Ann <ann@customer.example>\r\n"
            + "Subject: Re: hello\r\n"
            + "Message-ID: <r1@mailbox.example>\r\n"
            + "\r\n"
            + "Thanks, jane\r\n");
    }

    @Test
    void replyShouldBeRecordedAndTheReverseAliasMarkedUsed() throws Exception {
        mailet.service(reply());

        List<MailEvent> replied = events.list(MailEventQuery.of(DOMAIN)).stream()
            .filter(event -> event.type() == MailEventType.REPLIED).collect(Collectors.toList());
        assertThat(replied).singleElement().satisfies(event -> {
            assertThat(event.alias()).contains(LocalPart.of("sales"));
            assertThat(event.recipients()).containsExactly("ann@customer.example");
            assertThat(event.detail()).contains(ann.id().asString());
        });
        assertThat(reverseAliases.find(DOMAIN, ann.id()).orElseThrow().lastUsedAt()).contains(CLOCK.instant());
    }

    @Test
    void replyWhoseReverseAliasWasDisabledMeanwhileShouldBeBounced() throws Exception {
        MailImpl mail = reply();
        reverseAliases.setEnabled(DOMAIN, ann.id(), false);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(context.getBouncedMails()).hasSize(1);
    }

    @Test
    void mailWithoutTheMailboxMarkShouldBeLeftAlone() throws Exception {
        MailImpl mail = reply();
        mail.removeAttribute(AttributeName.of(SmtpyReply.MAILBOX));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(mail.getRecipients()).containsExactly(ann.address());
        assertThat(Optional.ofNullable(mail.getMessage().getHeader("Received"))).isPresent();
    }
}
