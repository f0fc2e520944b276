package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.mailpath.MessagePolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.ForwardedSignatures;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.mailpath.RecipientDirective;
import io.smtpy.rules.Condition;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleAction;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.mailpath.BlockLinkIssuer;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.DomainAccounts;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.rules.post.PostSigningKeys;
import io.smtpy.rules.post.RulePoster;
import io.smtpy.rules.quarantine.MemoryQuarantineRepository;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.rules.quarantine.QuarantineQuery;
import io.smtpy.rules.quarantine.QuarantineSettings;
import io.smtpy.rules.quarantine.QuarantinedMail;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.suppression.Complaints;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionScreen;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;
import io.smtpy.sending.reverse.MemoryReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliases;

class SmtpyForwardTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
    private final SenderRewriting srs = new SenderRewriting(SrsSettings.of(List.of("a-test-secret-of-enough-length")), clock);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final AliasResolver resolver = new AliasResolver(directory);
    private final AliasExpansion expansion = new AliasExpansion(resolver, srs);
    private final RuleBook rules = new RuleBook(new MemoryRuleRepository(), clock, RuleLimits.DEFAULT);
    private final SenderLists lists = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
    private final List<QuarantinedMail> reinjected = new ArrayList<>();
    private final Quarantine quarantine = new Quarantine(new MemoryQuarantineRepository(),
        (sender, recipients, message, from) -> reinjected.add(from), new MailEvents(events), clock, QuarantineSettings.defaults());
    private final OwnerDecisions owners = new OwnerDecisions(rules, lists, directory, resolver, expansion,
        new DmarcReportAddress(DmarcReportAddress.DEFAULT_LOCAL_PART, resolver), DomainAccounts.NONE, BlockLinkIssuer.NONE,
        ScanPolicy.DEFAULT, clock);
    private final Suppressions suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(events), clock,
        SuppressionSettings.DEFAULT);
    private final SmtpyForward mailet = new SmtpyForward(new MessagePolicy(expansion, srs, directory, "mx.smtpy.test"), owners,
        quarantine, new RulePoster(EndpointGuard.strict(), new PostSigningKeys(new byte[32]), clock), new MailEvents(events), clock,
        new SuppressionScreen(suppressions, new FallbackPolicy(directory)), suppressions,
        new Complaints(events, new MailEvents(events), suppressions, clock));

    @BeforeEach
    void setUp() throws Exception {
        directory.createDomain(DOMAIN, builder -> builder);
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("sales")),
            builder -> builder.destinations(List.of(Destination.of("jane@dest.example"), Destination.of("ops@dest.example"))));
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpyForward").mailetContext(context).build());
    }

    private static FakeMail mailTo(String recipient, int forwardedBefore) throws MessagingException {
        return mailTo(recipient, forwardedBefore, MimeMessageBuilder.mimeMessageBuilder());
    }

    private static FakeMail mailTo(String recipient, int forwardedBefore, MimeMessageBuilder message) throws MessagingException {
        message.setSubject("hello").setText("hi").addHeader("Message-ID", "<m1@sender.example>");
        for (int i = 0; i < forwardedBefore; i++) {
            message.addHeader(SmtpyForward.TRACE_HEADER, "example.com for sales@example.com");
        }
        return FakeMail.builder().name("incoming").state("transport").sender("bob@sender.example").recipient(new MailAddress(recipient))
            .mimeMessage(message.build()).build();
    }

    private List<MailEvent> recorded(MailEventType type) {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type).collect(Collectors.toList());
    }

    private List<MailEventType> eventTypes() {
        return events.list(MailEventQuery.of(DOMAIN)).stream().map(MailEvent::type).collect(Collectors.toList());
    }

    @Test
    void aDeliveryReportReturnedThroughAnSrsAddressShouldBeALateBounceOfTheAliasClassified() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("bob@sender.example"), DOMAIN);
        String report = "From: MAILER-DAEMON@mx.dest.example\r\nTo: " + returnAddress.asString() + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.dest.example\r\n\r\n"
            + "Final-Recipient: rfc822; jane@dest.example\r\nAction: failed\r\nStatus: 5.2.2\r\n"
            + "Diagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n\r\n"
            + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <m1@sender.example>\r\n"
            + SmtpyForward.TRACE_HEADER + ": example.com for sales@example.com\r\n\r\n--b--\r\n";
        FakeMail mail = FakeMail.builder().name("dsn").state("transport").recipient(returnAddress)
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();
        // The same report made by James itself for a copy it could not deliver carries the copy's attributes: that
        // failure is a bounced event already, so the report is not counted again.
        FakeMail jamesOwn = FakeMail.builder().name("own-dsn").state("transport").recipient(returnAddress)
            .attributes(ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@example.com")), Optional.empty()))
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();

        mailet.service(jamesOwn);
        mailet.service(mail);

        assertThat(recorded(MailEventType.BOUNCED)).singleElement().satisfies(bounced -> {
            assertThat(bounced.alias()).contains(LocalPart.of("sales"));
            assertThat(bounced.recipients()).containsExactly("jane@dest.example");
            assertThat(bounced.enhancedStatus()).contains("5.2.2");
            assertThat(bounced.detail()).isEqualTo("returned later by mx.dest.example for jane@dest.example: 5.2.2 "
                + "552 5.2.2 mailbox full (mailbox-full, permanent)");
        });
    }

    private void suppress(String destination) {
        suppressions.suppress(DOMAIN, LocalPart.of("sales"), Destination.of(destination), Optional.empty(), Optional.of("gone"));
    }

    @Test
    void aSuppressedDestinationShouldBeLeftOutOfTheCopyWithASuppressedEvent() throws Exception {
        suppress("jane@dest.example");

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).singleElement()
            .satisfies(copy -> assertThat(copy.getRecipients()).containsExactly(new MailAddress("ops@dest.example")));
        assertThat(recorded(MailEventType.SUPPRESSED)).filteredOn(event -> event.journeyId().equals(Optional.of("incoming")))
            .singleElement().satisfies(event -> {
                assertThat(event.recipients()).containsExactly("jane@dest.example");
                assertThat(event.alias()).contains(LocalPart.of("sales"));
                assertThat(event.detail()).contains("held in the quarantine");
            });
    }

    @Test
    void aSuppressedDestinationWithoutFallbackShouldHoldTheMailForTheAliasNamingTheDestination() throws Exception {
        suppress("jane@dest.example");

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).singleElement().satisfies(held -> {
            assertThat(held.kind()).isEqualTo(QuarantineKind.QUARANTINED);
            assertThat(held.recipients()).containsExactly(new MailAddress("sales@example.com"));
            assertThat(held.reason()).contains("not sent to jane@dest.example, suppressed until");
            assertThat(held.decidedBy()).startsWith("suppression ");
            assertThat(held.verdicts()).containsEntry(SmtpyForward.HELD_FOR_VERDICT, "jane@dest.example");
        });
    }

    @Test
    void aSuppressedDestinationWithAFallbackShouldGiveTheCopyToTheFallback() throws Exception {
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of("help")), builder -> builder
            .destinations(List.of(Destination.of("jane@dest.example")))
            .fallbacks(List.of(Destination.of("backup@dest.example"))));
        suppressions.suppress(DOMAIN, LocalPart.of("help"), Destination.of("jane@dest.example"), Optional.empty(), Optional.empty());

        mailet.service(mailTo("help@example.com", 0));

        assertThat(context.getSentMails()).singleElement()
            .satisfies(copy -> assertThat(copy.getRecipients()).containsExactly(new MailAddress("backup@dest.example")));
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).isEmpty();
    }

    @Test
    void aMailReleasedAfterBeingHeldForASuppressionShouldGoToTheHeldDestinationOnly() throws Exception {
        FakeMail released = mailTo("sales@example.com", 0);
        released.setAttribute(Attribute.convertToAttribute(SpoolReinjection.RELEASED, "q1"));
        released.setAttribute(Attribute.convertToAttribute(SmtpyForward.HELD_FOR_ATTRIBUTE, "jane@dest.example"));
        suppress("jane@dest.example");

        mailet.service(released);

        assertThat(context.getSentMails()).singleElement()
            .satisfies(copy -> assertThat(copy.getRecipients()).containsExactly(new MailAddress("jane@dest.example")));
    }

    @Test
    void anArfComplaintReturnedThroughAnSrsAddressShouldBeTakenAndNotSentBack() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("bob@sender.example"), DOMAIN);
        String report = io.smtpy.suppression.ArfSamples.abuseReport("m1@sender.example", "example.com", "sales@example.com",
            "jane@dest.example", returnAddress.asString());
        FakeMail mail = FakeMail.builder().name("arf").state("transport").sender("fbl@dest.example").recipient(returnAddress)
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).build();

        mailet.service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(recorded(MailEventType.COMPLAINED)).singleElement().satisfies(complained -> {
            assertThat(complained.alias()).contains(LocalPart.of("sales"));
            assertThat(complained.recipients()).containsExactly("jane@dest.example");
            assertThat(complained.detail()).contains("abuse").contains("SomeGenerator/1.0");
        });
        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("jane@dest.example"))).isPresent();
    }

    @Test
    void aPermanentLateBounceThroughAnSrsAddressShouldSuppressTheDestination() throws Exception {
        MailAddress returnAddress = srs.forward(new MailAddress("bob@sender.example"), DOMAIN);
        String report = "From: MAILER-DAEMON@mx.dest.example\r\nTo: " + returnAddress.asString() + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.dest.example\r\n\r\n"
            + "Final-Recipient: rfc822; jane@dest.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
            + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <m1@sender.example>\r\n"
            + SmtpyForward.TRACE_HEADER + ": example.com for sales@example.com\r\n\r\n--b--\r\n";
        FakeMail mail = FakeMail.builder().name("dsn").state("transport").recipient(returnAddress)
            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();

        mailet.service(mail);

        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("jane@dest.example")))
            .hasValueSatisfying(suppression -> assertThat(suppression.cause().asString()).isEqualTo("bounce:no-such-user"));
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
        assertThat(recorded(MailEventType.LOOP)).singleElement().satisfies(loop -> {
            assertThat(loop.smtpCode()).contains(554);
            assertThat(loop.enhancedStatus()).contains("5.4.6");
            assertThat(loop.detail()).startsWith("5.4.6 mail loop: already forwarded 5 times by smtpy");
        });
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aCheckedMailShouldBeForwardedWithSmtpysAuthenticationResultsAndWithoutAForgedOne() throws Exception {
        FakeMail mail = mailTo("sales@example.com", 0, MimeMessageBuilder.mimeMessageBuilder()
            .addHeader("Authentication-Results", "mx.smtpy.test; spf=pass smtp.mailfrom=forged.example"));
        mail.setAttribute(new Attribute(AttributeName.of(AuthenticationAttributes.RESULTS),
            AttributeValue.of("spf=pass smtp.mailfrom=sender.example")));

        mailet.service(mail);

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getMsg().getHeader("Authentication-Results"))
                .containsExactly("mx.smtpy.test; spf=pass smtp.mailfrom=sender.example");
            assertThat(copy.getAttributes()).containsKey(AttributeName.of(AuthenticationAttributes.RESULTS));
            assertThat(ForwardingAttributes.arcSeal(mail(copy))).contains(true);
            assertThat(ForwardingAttributes.dkimSign(mail(copy))).contains(true);
        });
    }

    @Test
    void anUncheckedMailShouldBeForwardedWithoutAuthenticationResultsAndAskForNoArcSet() throws Exception {
        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getMsg().getHeader("Authentication-Results")).isNull();
            assertThat(ForwardingAttributes.arcSeal(mail(copy))).contains(false);
            assertThat(ForwardingAttributes.dkimSign(mail(copy))).contains(true);
        });
    }

    @Test
    void theCopyShouldAskForTheSignaturesItsDomainChose() throws Exception {
        directory.updateDomain(DOMAIN, builder -> builder.forwardedSignatures(ForwardedSignatures.NONE));

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).singleElement()
            .satisfies(copy -> assertThat(ForwardingAttributes.dkimSign(mail(copy))).contains(false));
    }

    @Test
    void aRecipientGoneSinceRcptShouldBounceWithItsTypedStatus() throws Exception {
        FakeMail mail = mailTo("gone@example.com", 0);

        mailet.service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).singleElement()
            .satisfies(bounce -> assertThat(bounce.getMessage()).isEqualTo(
                "gone@example.com: 5.1.1 gone@example.com does not accept mail (unknown)"));
        assertThat(recorded(MailEventType.BOUNCED)).singleElement().satisfies(bounced -> {
            assertThat(bounced.smtpCode()).contains(550);
            assertThat(bounced.enhancedStatus()).contains("5.1.1");
        });
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void aDropExceptionShouldDiscardTheRecipientWithAnEventAndNoBounce() throws Exception {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(List.of(Destination.of("all@dest.example")),
            List.of(new CatchAll.ExceptionRule(LocalPartPattern.of("spam-*"), ExceptionAction.DROP)))));

        mailet.service(mailTo("spam-1@example.com", 0));

        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
        assertThat(recorded(MailEventType.DROPPED)).singleElement()
            .satisfies(dropped -> assertThat(dropped.detail()).isEqualTo("catch-all exception 'spam-*' drops it"));
    }

    @Test
    void aSubmittedMailThatBecomesAForwardedCopyShouldLoseItsTrackingMark() throws Exception {
        MailImpl mail = jamesMail("sales@example.com");
        mail.setAttribute(ForwardingAttributes.submittedTo(List.of(new MailAddress("sales@example.com"))));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(ForwardingAttributes.submittedTo(mail)).as("forwarded copies are never tracked").isEmpty();
    }

    @Test
    void aJamesMailShouldBecomeItsLastCopyInThePassWithoutASpoolCrossing() throws Exception {
        MailImpl mail = jamesMail("sales@example.com");

        mailet.service(mail);

        assertThat(context.getSentMails()).as("nothing through the spool").isEmpty();
        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(mail.getMaybeSender().asString()).startsWith("SRS0=").endsWith("@example.com");
        assertThat(mail.getRecipients()).containsExactlyInAnyOrder(new MailAddress("jane@dest.example"), new MailAddress("ops@dest.example"));
        assertThat(mail.getMessage().getHeader(SmtpyForward.TRACE_HEADER)).hasSize(1);
        assertThat(mail.getMessage().getSubject()).isEqualTo("hello");
        assertThat(ForwardingAttributes.domain(mail)).contains(DOMAIN);
        assertThat(ForwardingAttributes.messageId(mail)).contains("<m1@sender.example>");
        assertThat(recorded(MailEventType.FORWARDED)).singleElement().satisfies(forwarded -> {
            assertThat(forwarded.sender()).as("the original sender, not the SRS one").isEqualTo("bob@sender.example");
            assertThat(forwarded.detail()).endsWith("; copy " + mail.getName());
        });
    }

    @Test
    void withTwoForwardingDomainsOnlyTheLastCopyShouldBeTheMailItself() throws Exception {
        DomainName other = otherDomainWithInfoAlias();
        MailImpl mail = jamesMail("sales@example.com", "info@other.example");

        mailet.service(mail);

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> assertThat(copy.getState()).isEqualTo("relay"));
        List<MailAddress> sentTo = List.copyOf(context.getSentMails().get(0).getRecipients());
        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(List.of(sentTo, List.copyOf(mail.getRecipients()))).containsExactlyInAnyOrder(
            List.of(new MailAddress("info@dest.example")),
            List.of(new MailAddress("jane@dest.example"), new MailAddress("ops@dest.example")));
    }

    @Test
    void everyCopyShouldCarryTheJourneyOfTheMailAsReceivedAndItsEventsShareIt() throws Exception {
        DomainName other = otherDomainWithInfoAlias();
        MailImpl mail = jamesMail("sales@example.com", "info@other.example");

        mailet.service(mail);

        assertThat(ForwardingAttributes.journey(mail(context.getSentMails().get(0)))).isEqualTo("incoming");
        assertThat(ForwardingAttributes.journey(mail)).isEqualTo("incoming");
        List<MailEvent> recorded = new ArrayList<>(events.list(MailEventQuery.of(DOMAIN)));
        recorded.addAll(events.list(MailEventQuery.of(other)));
        assertThat(recorded).extracting(MailEvent::type).contains(MailEventType.RECEIVED, MailEventType.FORWARDED);
        assertThat(recorded).allSatisfy(event -> assertThat(event.journeyId()).contains("incoming"));
    }

    @Test
    void aRefusedRecipientShouldBeBouncedFromTheOriginalBeforeTheMailBecomesTheCopy() throws Exception {
        MailImpl mail = jamesMail("sales@example.com", "gone@example.com");

        mailet.service(mail);

        assertThat(context.getBouncedMails()).singleElement().satisfies(bounce -> {
            assertThat(bounce.getSentMail().getSender().asString()).isEqualTo("bob@sender.example");
            assertThat(bounce.getMessage()).startsWith("gone@example.com: 5.1.1");
        });
        assertThat(mail.getState()).isEqualTo("relay");
        assertThat(mail.getRecipients()).containsExactlyInAnyOrder(new MailAddress("jane@dest.example"), new MailAddress("ops@dest.example"));
    }

    /** A second forwarding domain, other.example, whose alias info forwards to info@dest.example. */
    private DomainName otherDomainWithInfoAlias() {
        DomainName other = DomainName.of("other.example");
        directory.createDomain(other, builder -> builder);
        directory.createAlias(AliasAddress.of(other, LocalPart.of("info")),
            builder -> builder.destinations(List.of(Destination.of("info@dest.example"))));
        return other;
    }

    /** Mail as James's spool hands it over (a {@link MailImpl}, whose sender the mailet can change). */
    private static MailImpl jamesMail(String... recipients) throws MessagingException {
        MailImpl.Builder builder = MailImpl.builder().name("incoming").state("transport").sender("bob@sender.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi")
                .addHeader("Message-ID", "<m1@sender.example>").build());
        for (String recipient : recipients) {
            builder.addRecipient(recipient);
        }
        return builder.build();
    }

    private static Mail mail(FakeMailContext.SentMail copy) {
        return SentMails.asMail(copy);
    }

    @Test
    void aMaxForwardsThatIsNotAPositiveIntegerShouldFailAtInit() {
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("SmtpyForward").mailetContext(context)
            .setProperty("maxForwards", "0").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("maxForwards");
    }

    private void aliasRule(RuleAction... actions) {
        rules.put(RuleScope.alias(DOMAIN, LocalPart.of("sales")), RuleSet.of(Rule.of("r1",
            Condition.all(List.of(Condition.of("subject", Condition.Operator.CONTAINS, "hello"))), actions)));
    }

    @Test
    void aQuarantineRuleShouldHoldTheMailNamingTheRuleAndSendNoCopy() throws Exception {
        aliasRule(RuleAction.quarantine());

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).singleElement().satisfies(held -> {
            assertThat(held.kind()).isEqualTo(QuarantineKind.QUARANTINED);
            assertThat(held.alias()).contains(LocalPart.of("sales"));
            assertThat(held.decidedBy()).isEqualTo("rule 'r1' of sales@example.com");
            assertThat(held.recipients()).containsExactly(new MailAddress("sales@example.com"));
        });
        assertThat(recorded(MailEventType.QUARANTINED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("rule 'r1' of sales@example.com"));
    }

    @Test
    void aDropDecidedAtDataShouldBeKeptForTheRestoreWindowWithOneDroppedEvent() throws Exception {
        FakeMail mail = mailTo("sales@example.com", 0);
        mail.setAttribute(Attribute.convertToAttribute(DecisionsJson.ATTRIBUTE, "[{\"recipient\":\"sales@example.com\","
            + "\"disposition\":\"DROP\",\"decidedBy\":\"block list entry 7\",\"added\":[],\"fields\":[],\"prefixes\":[],\"posts\":[]}]"));

        mailet.service(mail);

        assertThat(context.getSentMails()).isEmpty();
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).singleElement()
            .satisfies(held -> assertThat(held.kind()).isEqualTo(QuarantineKind.DROPPED));
        assertThat(recorded(MailEventType.DROPPED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("block list entry 7"));
    }

    @Test
    void prefixSubjectAndAddHeaderShouldChangeTheCopyOnly() throws Exception {
        aliasRule(RuleAction.prefixSubject("[sales]"), RuleAction.addHeader("X-Team", "sales"));

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).singleElement().satisfies(copy -> {
            assertThat(copy.getMsg().getHeader("Subject")).containsExactly("[sales] hello");
            assertThat(copy.getMsg().getHeader("X-Team")).containsExactly("sales");
        });
    }

    @Test
    void aPostToARefusedAddressShouldBeAPostFailedEventAndTheMailStillForwarded() throws Exception {
        aliasRule(RuleAction.post("http://127.0.0.1:9/hook", RuleAction.PostFormat.JSON));

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).hasSize(1);
        assertThat(recorded(MailEventType.POST_FAILED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("rule 'r1' of sales@example.com").contains("loopback"));
    }

    @Test
    void aReleasedMailShouldNotMeetTheRulesAgain() throws Exception {
        aliasRule(RuleAction.quarantine());
        FakeMail mail = mailTo("sales@example.com", 0);
        mail.setAttribute(Attribute.convertToAttribute(SpoolReinjection.RELEASED, "q1"));

        mailet.service(mail);

        assertThat(context.getSentMails()).hasSize(1);
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).isEmpty();
    }

    @Test
    void theArchiveCopyShouldCarryTheEnvelopeAndSayItIsTheArchive() throws Exception {
        directory.updateDomain(DOMAIN, builder -> builder.archiveAddress(Optional.of(Destination.of("vault@archive.example"))));

        mailet.service(mailTo("sales@example.com", 0));

        assertThat(context.getSentMails()).hasSize(2);
        assertThat(context.getSentMails()).anySatisfy(copy -> {
            assertThat(copy.getRecipients()).containsExactly(new MailAddress("vault@archive.example"));
            assertThat(copy.getMsg().getHeader("X-Smtpy-Envelope")).containsExactly("from=<bob@sender.example>; to=sales@example.com");
        });
        assertThat(recorded(MailEventType.FORWARDED)).anySatisfy(event -> assertThat(event.detail()).startsWith("archive copy"));
    }

    @Test
    void decisionsCarriedFromTheHookShouldBeTrustedAndNotEvaluatedAgain() throws Exception {
        aliasRule(RuleAction.quarantine());
        FakeMail mail = mailTo("sales@example.com", 0);
        mail.setAttribute(Attribute.convertToAttribute(DecisionsJson.ATTRIBUTE, "[]"));

        mailet.service(mail);

        assertThat(context.getSentMails()).hasSize(1);
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).isEmpty();
        assertThat(rules.hits(RuleScope.alias(DOMAIN, LocalPart.of("sales")))).isEmpty();
    }

    private SmtpyForward replying(ReverseAliases reverseAliases) throws MessagingException {
        SmtpyForward replying = new SmtpyForward(new MessagePolicy(expansion, srs, directory, "mx.smtpy.test"), owners, quarantine,
            new RulePoster(EndpointGuard.strict(), new PostSigningKeys(new byte[32]), clock), new MailEvents(events), clock,
            new SuppressionScreen(suppressions, new FallbackPolicy(directory)), suppressions,
            new Complaints(events, new MailEvents(events), suppressions, clock), reverseAliases);
        replying.init(FakeMailetConfig.builder().mailetName("SmtpyForward").mailetContext(context).build());
        return replying;
    }

    @Test
    void copyShouldCarryTheReverseAliasInReplyToInPlaceOfTheOriginalsWhenTheAliasRepliesThroughIt() throws Exception {
        ReverseAliases reverseAliases = new ReverseAliases(new MemoryReverseAliasRepository(), clock);
        reverseAliases.changeSetting(DOMAIN, Optional.of(LocalPart.of("sales")), Optional.of(true));

        replying(reverseAliases).service(mailTo("sales@example.com", 0, MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("Bob <bob@sender.example>").addHeader("Reply-To", "Help Desk <help@sender.example>")));

        ReverseAlias made = reverseAliases.list(DOMAIN, Optional.empty(), 10, 0).get(0);
        assertThat(made.original().asString()).isEqualTo("help@sender.example");
        javax.mail.internet.MimeMessage copy = context.getSentMails().get(0).getMsg();
        assertThat(copy.getHeader("Reply-To")).containsExactly("Help Desk <" + made.address().asString() + ">");
        assertThat(copy.getHeader("From")).containsExactly("Bob <bob@sender.example>");
    }

    @Test
    void copyShouldKeepItsReplyToWhileTheSettingIsOff() throws Exception {
        ReverseAliases reverseAliases = new ReverseAliases(new MemoryReverseAliasRepository(), clock);

        replying(reverseAliases).service(mailTo("sales@example.com", 0, MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("bob@sender.example").addHeader("Reply-To", "help@sender.example")));

        assertThat(context.getSentMails().get(0).getMsg().getHeader("Reply-To")).containsExactly("help@sender.example");
        assertThat(reverseAliases.list(DOMAIN, Optional.empty(), 10, 0)).isEmpty();
    }
}
