package io.smtpy.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.quarantine.MemoryQuarantineRepository;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineQuery;
import io.smtpy.rules.quarantine.QuarantineSettings;
import io.smtpy.rules.quarantine.QuarantinedMail;
import io.smtpy.sending.CredentialRequest;
import io.smtpy.sending.IssuedCredential;
import io.smtpy.sending.MemorySmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.sending.SubmissionAttributes;
import io.smtpy.sending.SubmissionAuthenticator;
import io.smtpy.sending.queue.ActionOutcome;
import io.smtpy.sending.queue.MemoryOwnerQueue;
import io.smtpy.sending.queue.OwnerQueue;
import io.smtpy.sending.queue.QueueAction;
import io.smtpy.sending.queue.QueuedCopy;

class SmtpySubmissionTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final MemorySmtpCredentialRepository repository = new MemorySmtpCredentialRepository();
    private final SmtpCredentials credentials = new SmtpCredentials(repository, CLOCK);
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final List<QuarantinedMail> released = new ArrayList<>();
    private final Quarantine quarantine = new Quarantine(new MemoryQuarantineRepository(),
        (sender, recipients, message, from) -> released.add(from), new MailEvents(events), CLOCK, QuarantineSettings.defaults());
    private final SmtpySubmission mailet = submission(quarantine, new MemoryOwnerQueue());

    private SmtpySubmission submission(Quarantine heldIn, OwnerQueue ownerQueue) {
        return new SmtpySubmission(new SubmissionAuthenticator(repository, new AttemptThrottle(CLOCK, 20, 10, Duration.ofMinutes(15))),
            new MailEvents(events), heldIn, ownerQueue, CLOCK);
    }

    /** The embedded server's delivery queue as this mailet sees it: one that takes mail in held for review. */
    private static final class HoldingQueue implements OwnerQueue {
        @Override
        public List<QueuedCopy> list(DomainName domain) {
            return List.of();
        }

        @Override
        public List<ActionOutcome> act(DomainName domain, QueueAction action, List<String> ids) {
            return List.of();
        }

        @Override
        public boolean holdsForReview() {
            return true;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("SmtpySubmission").build());
    }

    @Test
    void submittedMailShouldBeRecordedAndMarkedForTheDomainsSignature() throws Exception {
        IssuedCredential sales = credential(false);
        FakeMail mail = mail(sales.credential().username(), 1000);

        mailet.service(mail);

        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(ForwardingAttributes.domain(mail)).contains(DOMAIN);
        assertThat(ForwardingAttributes.aliases(mail)).containsExactly("sales@brand.example");
        assertThat(ForwardingAttributes.dkimSign(mail)).contains(true);
        assertThat(ForwardingAttributes.arcSeal(mail)).contains(false);
        assertThat(ForwardingAttributes.submittedTo(mail)).contains(List.of("friend@dest.example"));
        MailEvent submitted = events(MailEventType.SUBMITTED).get(0);
        assertThat(submitted.alias()).contains(LocalPart.of("sales"));
        assertThat(submitted.recipients()).containsExactly("friend@dest.example");
        assertThat(submitted.detail()).contains("submitted with SMTP credential sales@brand.example");
    }

    @Test
    void mailOfACredentialOnHoldShouldGoOnToBeHeldInTheOwnersQueueWhenTheQueueCanHoldIt() throws Exception {
        IssuedCredential sales = credential(true);
        FakeMail mail = mail(sales.credential().username(), 1000);

        submission(quarantine, new HoldingQueue()).service(mail);

        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST).isNotEqualTo(Mail.ERROR);
        assertThat(AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW), String.class))
            .contains("SMTP credential sales@brand.example is on hold: its mail waits for the owner's review");
        assertThat(ForwardingAttributes.dkimSign(mail)).contains(true);
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).isEmpty();
        assertThat(events(MailEventType.SUBMITTED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("held in the delivery queue for the owner's review"));
    }

    @Test
    void spamOfACredentialOnHoldShouldStillGoToTheQuarantine() throws Exception {
        IssuedCredential sales = credential(true);
        FakeMail mail = mail(sales.credential().username(), 1000);
        mail.setAttribute(new Attribute(AttributeName.of(SubmissionAttributes.HELD), AttributeValue.of("spam score 9.0")));

        submission(quarantine, new HoldingQueue()).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(mail.getAttribute(AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW))).isEmpty();
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).hasSize(1);
    }

    @Test
    void mailOfACredentialOnHoldShouldWaitInTheQuarantineWhenTheQueueCannotHoldIt() throws Exception {
        IssuedCredential sales = credential(true);
        FakeMail mail = mail(sales.credential().username(), 1000);

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).singleElement().satisfies(held -> {
            assertThat(held.recipients()).extracting(Object::toString).containsExactly("friend@dest.example");
            assertThat(held.reason()).contains("is on hold");
        });
        assertThat(events(MailEventType.QUARANTINED)).hasSize(1);
    }

    @Test
    void mailTheOutboundSpamCheckMarkedShouldWaitInTheQuarantineSayingWhy() throws Exception {
        IssuedCredential sales = credential(false);
        FakeMail mail = mail(sales.credential().username(), 1000);
        mail.setAttribute(new Attribute(AttributeName.of(SubmissionAttributes.HELD),
            AttributeValue.of("spam score 7.5 at or over the outbound threshold 5.0")));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(quarantine.list(QuarantineQuery.of(DOMAIN)).items()).singleElement()
            .satisfies(held -> assertThat(held.reason()).isEqualTo("held for the owner's review: spam score 7.5 at or over the outbound threshold 5.0"));
    }

    @Test
    void heldMailTooLargeToKeepShouldBounceRatherThanVanish() throws Exception {
        IssuedCredential sales = credential(true);
        Quarantine small = new Quarantine(new MemoryQuarantineRepository(), (sender, recipients, message, from) -> { },
            new MailEvents(events), CLOCK, new QuarantineSettings(Duration.ofDays(1), Duration.ofDays(1), 100));
        SmtpySubmission strict = submission(small, new MemoryOwnerQueue());
        FakeMail mail = mail(sales.credential().username(), 5000);

        strict.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.ERROR);
        assertThat(mail.getErrorMessage()).contains("on hold");
    }

    @Test
    void mailOfAnAuthenticatedUserWhoIsNoCredentialShouldBeLeftAlone() throws Exception {
        FakeMail mail = mail("james-user", 100);

        mailet.service(mail);

        assertThat(ForwardingAttributes.domain(mail)).isEmpty();
        assertThat(events.list(MailEventQuery.of(DOMAIN))).isEmpty();
    }

    private IssuedCredential credential(boolean hold) {
        return credentials.create(DOMAIN, new CredentialRequest(Optional.empty(), Optional.of("sales"), Optional.empty(), hold, ""));
    }

    private List<MailEvent> events(MailEventType type) {
        return events.list(MailEventQuery.of(DOMAIN)).stream().filter(event -> event.type() == type).collect(Collectors.toList());
    }

    private static FakeMail mail(String authUser, int bodySize) throws Exception {
        return FakeMail.builder().name("m1").sender("sales@brand.example").recipient("friend@dest.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("From", "sales@brand.example").setSubject("hello")
                .setText("x".repeat(bodySize)).build())
            .attribute(new Attribute(AttributeName.of("org.apache.james.SMTPAuthUser"), AttributeValue.of(authUser)))
            .build();
    }
}
