package io.smtpy.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.quarantine.Hold;
import io.smtpy.rules.quarantine.MessageTooLargeException;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineKind;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SubmissionAttributes;
import io.smtpy.sending.SubmissionAuthenticator;
import io.smtpy.sending.queue.OwnerQueue;

/**
 * Mail an owner submitted with an SMTP credential (the submission server's hook checked its AUTH and send-as): a
 * {@code submitted} event for the credential's domain and the sending address, attributes that make its deliveries
 * recorded for them and its copy DKIM-signed with the domain's keys ({@link ForwardingAttributes#submitted}). The mail
 * of a credential on hold goes on, signed, into the owner's queue, held there for review ({@link OwnerQueue#HOLD_FOR_REVIEW};
 * released, it leaves; cancelled, it bounces) when the server's delivery queue can hold it, else into the quarantine.
 * A mail the outbound spam check marked {@link SubmissionAttributes#HELD} is held in the quarantine for the owner's
 * review (a {@code quarantined} event; released, it goes out as it was); one too large to hold there is bounced, never
 * dropped. Mail of an authenticated user who is not an smtpy credential (a James user) is left alone.
 *
 * <p>{@code <mailet match="SMTPAuthSuccessful" class="io.smtpy.mailets.SmtpySubmission"/>} in {@code transport}, before
 * smtpy's forwarding.
 */
public class SmtpySubmission extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpySubmission.class);
    private static final AttributeName AUTH_USER = AttributeName.of("org.apache.james.SMTPAuthUser");
    private static final AttributeName HELD = AttributeName.of(SubmissionAttributes.HELD);
    private static final AttributeName HOLD_FOR_REVIEW = AttributeName.of(OwnerQueue.HOLD_FOR_REVIEW);

    private final SubmissionAuthenticator credentials;
    private final MailEvents events;
    private final Quarantine quarantine;
    private final MailEventFactory eventFactory;
    private final OwnerQueue ownerQueue;

    @Inject
    public SmtpySubmission(SubmissionAuthenticator credentials, MailEvents events, Quarantine quarantine, OwnerQueue ownerQueue,
                           Clock clock) {
        this.credentials = credentials;
        this.events = events;
        this.quarantine = quarantine;
        this.ownerQueue = ownerQueue;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: mail submitted with an SMTP credential";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SmtpCredential> credential = AttributeUtils.getValueAndCastFromMail(mail, AUTH_USER, String.class)
            .flatMap(credentials::current);
        if (credential.isEmpty() || mail.getMaybeSender().isNullSender()) {
            return;
        }
        MailAddress sender = mail.getMaybeSender().get();
        Optional<String> messageId = MailEventFactory.messageId(mail);
        Optional<String> heldForSpam = AttributeUtils.getValueAndCastFromMail(mail, HELD, String.class);
        boolean holdInQueue = heldForSpam.isEmpty() && credential.get().hold() && ownerQueue.holdsForReview();
        events.record(eventFactory.event(mail, credential.get().domain(), MailEventType.SUBMITTED, mail.getRecipients())
            .alias(MailEventFactory.alias(sender))
            .detail("submitted with SMTP credential " + credential.get().username()
                + (holdInQueue ? "; held in the delivery queue for the owner's review (credential on hold)" : ""))
            .build());
        ForwardingAttributes.submitted(credential.get().domain(), sender, messageId).forEach(mail::setAttribute);
        mail.setAttribute(ForwardingAttributes.submittedTo(mail.getRecipients()));
        String onHold = "SMTP credential " + credential.get().username() + " is on hold: its mail waits for the owner's review";
        if (heldForSpam.isPresent()) {
            hold(mail, credential.get(), sender, "held for the owner's review: " + heldForSpam.get());
        } else if (holdInQueue) {
            mail.setAttribute(new Attribute(HOLD_FOR_REVIEW, AttributeValue.of(onHold)));
        } else if (credential.get().hold()) {
            hold(mail, credential.get(), sender, onHold);
        }
    }

    private void hold(Mail mail, SmtpCredential credential, MailAddress sender, String reason) throws MessagingException {
        Hold hold = Hold.of(credential.domain(), mail.getMaybeSender(), List.copyOf(mail.getRecipients()),
                QuarantineKind.QUARANTINED, RawMessages.bytes(mail.getMessage()))
            .reason(reason)
            .decidedBy("smtp-credential " + credential.id().asString())
            .mailId(mail.getName());
        Optional<LocalPart> alias = MailEventFactory.alias(sender);
        try {
            quarantine.hold(alias.map(hold::alias).orElse(hold));
            mail.setState(Mail.GHOST);
        } catch (MessageTooLargeException e) {
            LOGGER.info("Mail {} of held SMTP credential {} is too large to hold: bounced", mail.getName(), credential.id());
            mail.setErrorMessage("The SMTP credential is on hold for review, and the mail is too large to hold: " + e.getMessage());
            mail.setState(Mail.ERROR);
        }
    }
}
