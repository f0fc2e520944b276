package io.smtpy.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.bounces.BounceClassification;
import io.smtpy.bounces.BounceClassifier;
import io.smtpy.bounces.copies.FailedCopies;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.suppression.Suppressions;

/**
 * Records what RemoteDelivery did with a copy smtpy forwarded: {@code outcome=delivered} in the processor named
 * by RemoteDelivery's {@code onSuccess}, {@code outcome=bounced} at the top of its {@code bounceProcessor}
 * (before the DSN is made). Copies without smtpy's forwarding attributes (mail James sends for itself) are
 * ignored. The remote reply of a bounce is read from James's {@code delivery-error} attribute and recorded with its
 * class and severity ({@code bounces}' {@link BounceClassifier}); RemoteDelivery gives none on success. A bounced copy
 * is kept for resending ({@link FailedCopies}: within its size limit, for its retention), and the event's detail says
 * until when, or why not.
 * Both go to {@link Suppressions}: a permanent failure of the mailbox suppresses the destination for the copy's
 * aliases, a delivery lifts its suppression.
 *
 * <p>{@code outcome=cancelled} (the embedded server's {@code cancelled} processor) records a copy its owner cancelled in the
 * queue as bounced, saying so, and touches neither suppressions nor kept copies.
 *
 * <p>{@code <mailet match="All" class="io.smtpy.mailets.RecordDeliveryOutcome"><outcome>bounced</outcome></mailet>}
 */
public class RecordDeliveryOutcome extends GenericMailet {
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private final FailedCopies failedCopies;
    private final SuppressionReports suppressions;
    private MailEventType outcome;
    /** {@code outcome=cancelled}: a bounced event for a copy its owner cancelled; no suppression, nothing kept. */
    private boolean cancelled;

    @Inject
    public RecordDeliveryOutcome(MailEvents events, Clock clock, FailedCopies failedCopies, Suppressions suppressions) {
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
        this.failedCopies = failedCopies;
        this.suppressions = new SuppressionReports(suppressions);
    }

    @Override
    public void init() throws MessagingException {
        String value = getInitParameter("outcome", "");
        switch (value) {
            case "delivered":
                outcome = MailEventType.DELIVERED;
                break;
            case "bounced":
                outcome = MailEventType.BOUNCED;
                break;
            case "cancelled":
                outcome = MailEventType.BOUNCED;
                cancelled = true;
                break;
            default:
                throw new MessagingException(getMailetName() + ": outcome must be delivered, bounced or cancelled, got '"
                    + value + "'");
        }
    }

    @Override
    public void service(Mail mail) {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        if (cancelled) {
            recordCancelled(mail, domain.get());
            return;
        }
        String reply = AttributeUtils.getValueAndCastFromMail(mail, DELIVERY_ERROR, String.class).orElse("");
        String detail = outcome == MailEventType.DELIVERED ? "accepted by " + recipientDomains(mail)
            : classified(reply) + "; " + keep(mail, domain.get()).detail();
        for (String alias : ForwardingAttributes.aliases(mail)) {
            MailEvent.Builder event = eventFactory.event(mail, domain.get(), outcome, mail.getRecipients())
                .alias(MailEventFactory.alias(alias))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail(detail);
            if (outcome == MailEventType.BOUNCED) {
                SmtpStatus.findIn(reply).ifPresent(status -> {
                    event.smtpCode(status.code());
                    status.enhanced().ifPresent(event::enhancedStatus);
                });
            }
            events.record(event.build());
        }
        if (outcome == MailEventType.DELIVERED) {
            suppressions.delivered(mail);
        } else {
            suppressions.failed(mail, mail.getRecipients(), BounceClassifier.classify(reply), reply);
        }
    }

    private void recordCancelled(Mail mail, DomainName domain) {
        String detail = "cancelled by the domain's owner in the queue; a bounce goes to " + mail.getMaybeSender().asString();
        for (String alias : ForwardingAttributes.aliases(mail)) {
            events.record(eventFactory.event(mail, domain, MailEventType.BOUNCED, mail.getRecipients())
                .alias(MailEventFactory.alias(alias))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail(detail)
                .build());
        }
    }

    private FailedCopies.Kept keep(Mail mail, DomainName domain) {
        long size;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException unreadable) {
            size = Long.MAX_VALUE;
        }
        return failedCopies.keep(domain, ForwardingAttributes.journey(mail),
            ForwardingAttributes.aliases(mail).stream().findFirst().flatMap(MailEventFactory::alias).map(LocalPart::asString),
            ForwardingAttributes.messageId(mail), mail.getMaybeSender().asString(), MailEventFactory.asStrings(mail.getRecipients()),
            size, () -> bytes(mail));
    }

    private static byte[] bytes(Mail mail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            mail.getMessage().writeTo(out);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("could not read the failed copy's message: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The remote reply with what it means ({@code 550 5.1.1 ... user unknown (no-such-user, permanent)}), as
     * {@link BounceClassifier} reads it: the class owners filter on and alerts count.
     */
    static String classified(String reply) {
        BounceClassification classification = BounceClassifier.classify(reply);
        return reply + " (" + classification.cls().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", "
            + classification.severity().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String recipientDomains(Mail mail) {
        return mail.getRecipients().stream().map(recipient -> recipient.getDomain().asString()).distinct()
            .reduce((a, b) -> a + ", " + b).orElse("");
    }

    @Override
    public String getMailetInfo() {
        return "records smtpy delivery outcomes as mail events";
    }
}
