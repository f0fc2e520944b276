package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.AuthServId;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class SmtpyForwardTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final SmtpyForward mailet = new SmtpyForward(new AliasExpansion(new AliasResolver(directory), srs), srs,
        new MailEvents(events), new AuthServId("mx.smtpy.test"), clock);

    @BeforeEach
    void setUp() throws Exception {
        directory.createDomain(DOMAIN, builder -> builder);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")),
            builder -> builder.destinations(List.of(Destination.of("jane@dest.example"), Destination.of("ops@dest.example"))));
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpyForward").mailetContext(context).build());
    }

    private static FakeMail mailTo(String recipient, int forwardedBefore) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi")
            .addHeader("Message-ID", "<m1@sender.example>");
        for (int i = 0; i < forwardedBefore; i++) {
            message.addHeader(SmtpyForward.TRACE_HEADER, "example.com for sales@example.com");
        }
        return FakeMail.builder().name("incoming").state("transport").sender("bob@sender.example").recipient(new MailAddress(recipient))
            .mimeMessage(message.build()).build();
    }

    private List<MailEventType> eventTypes() {
        return events.list(MailEventQuery.of(DOMAIN)).stream().map(MailEvent::type).collect(Collectors.toList());
    }

    @Test
    void anAliasShouldBeForwardedAsOneCopyWithAnSrsSenderAndTheTraceHeader() throws Exception {
        FakeMail mail = mailTo("sales@example.com", 0);

        mailet.service(mail);

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getSender().asString()).startsWith("SRS0=").endsWith("@example.com");
            assertThat(copy.getRecipients()).containsExactlyInAnyOrder(new MailAddress("jane@dest.example"), new MailAddress("ops@dest.example"));
            assertThat(copy.getState()).isEqualTo("relay");
            assertThat(copy.getMsg().getHeader(SmtpyForward.TRACE_HEADER)).hasSize(1);
            assertThat(copy.getMsg().getSubject()).isEqualTo("hello");
        });
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(eventTypes()).containsExactlyInAnyOrder(MailEventType.RECEIVED, MailEventType.FORWARDED);
    }

    @Test
    void mailForwardedTooOftenShouldBounceAsALoopAndNotBeForwarded() throws Exception {
        FakeMail mail = mailTo("sales@example.com", 5);

        mailet.service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).hasSize(1);
        assertThat(eventTypes()).contains(MailEventType.LOOP);
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aMaxForwardsThatIsNotAPositiveIntegerShouldFailAtInit() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("SmtpyForward").mailetContext(context)
            .setProperty("maxForwards", "0").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("maxForwards");
    }
}
