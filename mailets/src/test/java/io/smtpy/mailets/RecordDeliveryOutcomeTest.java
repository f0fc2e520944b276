package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.smtpy.bounces.copies.FailedCopies;
import io.smtpy.bounces.copies.FailedCopy;
import io.smtpy.bounces.copies.MemoryFailedCopyRepository;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;

class RecordDeliveryOutcomeTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private final MemoryMailEventRepository repository = new MemoryMailEventRepository();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryFailedCopyRepository keptCopies = new MemoryFailedCopyRepository();
    private final Suppressions suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(repository), clock,
        SuppressionSettings.DEFAULT);
    private final RecordDeliveryOutcome mailet = new RecordDeliveryOutcome(new MailEvents(repository), clock,
        new FailedCopies(keptCopies, (copy, to) -> "unused", new MailEvents(repository), clock, 64 * 1024, Duration.ofDays(5)),
        suppressions);

    private void init(String outcome) throws MessagingException {
        mailet.init(FakeMailetConfig.builder().mailetName("RecordDeliveryOutcome").setProperty("outcome", outcome).build());
    }

    private static FakeMail forwardedCopy(Attribute... more) throws MessagingException {
        FakeMail.Builder mail = FakeMail.builder().name("copy-1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("hi").build())
            .sender("SRS0=abcd=XY=sender.example=jane@example.com")
            .recipient(new MailAddress("dest@gmail.example"));
        for (Attribute attribute : ForwardingAttributes.of(DOMAIN, List.of(new MailAddress("sales@example.com")), Optional.of("<m1@sender.example>"))) {
            mail.attribute(attribute);
        }
        for (Attribute attribute : more) {
            mail.attribute(attribute);
        }
        return mail.build();
    }

    private List<MailEvent> events() {
        return repository.list(MailEventQuery.of(DOMAIN));
    }

    @Test
    void aDeliveredCopyShouldRecordDeliveredWithTheDestinationDomain() throws Exception {
        init("delivered");
        mailet.service(forwardedCopy());
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.DELIVERED);
            assertThat(event.detail()).isEqualTo("accepted by gmail.example");
            assertThat(event.smtpCode()).isEmpty();
            assertThat(event.messageId()).contains("<m1@sender.example>");
        });
    }

    @Test
    void theOutcomeOfACopyShouldJoinTheJourneyOfTheMailItWasMadeFrom() throws Exception {
        init("delivered");
        mailet.service(forwardedCopy(ForwardingAttributes.journey("original-1")));
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.mailId()).contains("copy-1");
            assertThat(event.journeyId()).contains("original-1");
        });
    }

    @Test
    void aBouncedCopyShouldRecordTheRemoteReplysCodeAndEnhancedStatus() throws Exception {
        init("bounced");
        mailet.service(forwardedCopy(new Attribute(AttributeName.of("delivery-error"),
            AttributeValue.of("550 5.1.1 <dest@gmail.example>: user unknown"))));
        // The destination is suppressed too (a suppressed event, see below): the bounce is the one bounced event.
        assertThat(events()).filteredOn(event -> event.type() != MailEventType.SUPPRESSED).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.BOUNCED);
            assertThat(event.smtpCode()).contains(550);
            assertThat(event.enhancedStatus()).contains("5.1.1");
            assertThat(event.detail()).isEqualTo("550 5.1.1 <dest@gmail.example>: user unknown (no-such-user, permanent);"
                + " copy kept for resending until 2026-03-06T12:00:00Z");
        });
    }

    @Test
    void aCopyCancelledByItsOwnerShouldBeABouncedEventSayingSoWithoutSuppressionOrKeptCopy() throws Exception {
        init("cancelled");
        mailet.service(forwardedCopy());
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(MailEventType.BOUNCED);
            assertThat(event.detail()).isEqualTo("cancelled by the domain's owner in the queue; a bounce goes to "
                + "SRS0=abcd=XY=sender.example=jane@example.com");
            assertThat(event.smtpCode()).isEmpty();
        });
        assertThat(keptCopies.find(DOMAIN, "copy-1")).isEmpty();
    }

    @Test
    void aPermanentFailureOfTheMailboxShouldSuppressTheDestinationForTheCopysAlias() throws Exception {
        init("bounced");
        mailet.service(forwardedCopy(ForwardingAttributes.journey("original-1"), new Attribute(AttributeName.of("delivery-error"),
            AttributeValue.of("550 5.1.1 <dest@gmail.example>: user unknown"))));

        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("dest@gmail.example")))
            .hasValueSatisfying(suppression -> assertThat(suppression.journeyId()).contains("original-1"));
        assertThat(events()).filteredOn(event -> event.type() == MailEventType.SUPPRESSED).singleElement()
            .satisfies(event -> assertThat(event.recipients()).containsExactly("dest@gmail.example"));
    }

    @Test
    void aPolicyBlockShouldNotSuppress() throws Exception {
        init("bounced");
        mailet.service(forwardedCopy(new Attribute(AttributeName.of("delivery-error"),
            AttributeValue.of("550 5.7.1 Message rejected as spam by Content Filtering"))));

        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("dest@gmail.example"))).isEmpty();
    }

    @Test
    void aDeliveredCopyShouldLiftTheSuppressionOfItsDestination() throws Exception {
        suppressions.suppress(DOMAIN, LocalPart.of("sales"), Destination.of("dest@gmail.example"), Optional.empty(), Optional.empty());
        init("delivered");

        mailet.service(forwardedCopy());

        assertThat(suppressions.active(DOMAIN, LocalPart.of("sales"), Destination.of("dest@gmail.example"))).isEmpty();
        assertThat(events()).extracting(MailEvent::type).contains(MailEventType.UNSUPPRESSED);
    }

    @Test
    void aBounceWithoutAReplyCodeShouldRecordTheTextOnly() throws Exception {
        init("bounced");
        mailet.service(forwardedCopy(new Attribute(AttributeName.of("delivery-error"), AttributeValue.of("Connection refused"))));
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.smtpCode()).isEmpty();
            assertThat(event.detail()).startsWith("Connection refused (").contains("); copy kept for resending until ");
        });
    }

    @Test
    void mailJamesSendsForItselfShouldRecordNothing() throws Exception {
        init("delivered");
        mailet.service(FakeMail.builder().name("dsn").recipient(new MailAddress("postmaster@example.com"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("dsn").build()).build());
        assertThat(events()).isEmpty();
    }

    @Test
    void anUnknownOutcomeShouldFailAtInit() {
        assertThatThrownBy(() -> init("lost")).isInstanceOf(MessagingException.class).hasMessageContaining("delivered, bounced or cancelled");
    }

    @Test
    void aBouncedCopyShouldBeKeptForResendingAndTheDetailSayUntilWhen() throws Exception {
        init("bounced");
        FakeMail copy = forwardedCopy(ForwardingAttributes.journey("original-1"),
            new Attribute(AttributeName.of("delivery-error"), AttributeValue.of("550 5.1.1 no such user")));

        mailet.service(copy);

        FailedCopy kept = keptCopies.find(DOMAIN, "original-1").orElseThrow();
        assertThat(kept.sender()).isEqualTo("SRS0=abcd=XY=sender.example=jane@example.com");
        assertThat(kept.failedRecipients()).containsExactly("dest@gmail.example");
        assertThat(kept.alias()).contains("sales");
        assertThat(new String(kept.message(), java.nio.charset.StandardCharsets.UTF_8)).contains("Subject: hello", "hi");
        assertThat(events()).filteredOn(event -> event.type() == MailEventType.BOUNCED).singleElement().satisfies(event -> assertThat(event.detail())
            .endsWith("(no-such-user, permanent); copy kept for resending until 2026-03-06T12:00:00Z"));
    }

    @Test
    void aDeliveredCopyShouldNotBeKept() throws Exception {
        init("delivered");

        mailet.service(forwardedCopy(ForwardingAttributes.journey("original-1")));

        assertThat(keptCopies.find(DOMAIN, "original-1")).isEmpty();
    }
}
