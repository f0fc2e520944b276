package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;

class SmtpyFallbackTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final Suppressions suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(events), clock,
        SuppressionSettings.DEFAULT);
    private SmtpyFallback mailet;

    @BeforeEach
    void setUp() throws Exception {
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")), b -> b
            .destinations(List.of(Destination.of("primary@dest.example"), Destination.of("ops@dest.example")))
            .fallbacks(List.of(Destination.of("backup@dest.example"))));
        mailet = new SmtpyFallback(new FallbackPolicy(directory), new MailEvents(events), clock, suppressions);
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpyFallback").mailetContext(context).build());
    }

    private static FakeMail bounced(String... failed) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("copy-1").sender("SRS0=abcd=xy=sender.example=bob@example.com")
            .state("bounces")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi").build())
            .attribute(new Attribute(ForwardingAttributes.DOMAIN, AttributeValue.of("example.com")))
            .attribute(new Attribute(ForwardingAttributes.ALIASES, AttributeValue.of("sales@example.com")))
            .attribute(new Attribute(ForwardingAttributes.DKIM_SIGN, AttributeValue.of(true)))
            .attribute(Attribute.convertToAttribute("delivery-error", "550 5.1.1 no such user"));
        for (String recipient : failed) {
            builder.recipient(new MailAddress(recipient));
        }
        return builder.build();
    }

    private List<MailEvent> fallbacks() {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == MailEventType.FALLBACK)
            .collect(Collectors.toList());
    }

    @Test
    void aRefusedDestinationShouldGoToTheFallbackAlreadySignedAndNotBounce() throws Exception {
        FakeMail mail = bounced("primary@dest.example");

        mailet.service(mail);

        assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
            assertThat(sent.getRecipients()).containsExactly(new MailAddress("backup@dest.example"));
            assertThat(sent.getSender().asString()).isEqualTo("SRS0=abcd=xy=sender.example=bob@example.com");
            assertThat(sent.getState()).isEqualTo("relay");
            assertThat(ForwardingAttributes.dkimSign(mail(sent))).contains(false);
            assertThat(ForwardingAttributes.arcSeal(mail(sent))).contains(false);
        });
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(fallbacks()).singleElement().satisfies(event -> {
            assertThat(event.alias()).contains(LocalPart.of("sales"));
            assertThat(event.detail()).isEqualTo("primary@dest.example failed (550 5.1.1 no such user); sent to the fallback backup@dest.example");
        });
    }

    @Test
    void aDestinationThatFailedForGoodAndWentToTheFallbackShouldBeSuppressed() throws Exception {
        mailet.service(bounced("primary@dest.example"));

        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("primary@dest.example"))).isPresent();
    }

    @Test
    void recipientsWithoutAFallbackShouldStayToBounce() throws Exception {
        FakeMail mail = bounced("primary@dest.example", "stranger@dest.example");

        mailet.service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("stranger@dest.example"));
        assertThat(mail.getState()).isEqualTo("bounces");
    }

    @Test
    void aMailSmtpyDidNotForwardShouldBeLeftAlone() throws Exception {
        FakeMail mail = FakeMail.builder().name("dsn").recipient(new MailAddress("primary@dest.example")).state("bounces")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x").build()).build();

        mailet.service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(fallbacks()).isEmpty();
        assertThat(Optional.ofNullable(mail.getState())).contains("bounces");
    }

    private static Mail mail(FakeMailContext.SentMail sent) {
        return SentMails.asMail(sent);
    }
}
