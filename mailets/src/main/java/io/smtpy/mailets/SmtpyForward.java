package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.inbound.AuthenticationResults;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.CopyPlan;
import io.smtpy.core.mailpath.HeaderField;
import io.smtpy.core.mailpath.LoopLimits;
import io.smtpy.core.mailpath.MessageDecision;
import io.smtpy.core.mailpath.MessageFacts;
import io.smtpy.core.mailpath.MessagePolicy;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * Forwards mail for smtpy recipients as {@link MessagePolicy} decides. Put it behind {@code IsSmtpyRecipient} in the
 * {@code transport} processor, before {@code RecipientIsLocal}.
 *
 * <p>It reads the facts the decision needs (envelope, how many {@value #TRACE_HEADER} and {@code Received} fields the
 * header has, the SMTP hook's verdicts), then carries the decision out: each {@link CopyPlan} becomes a copy sent to
 * the {@code relay} processor (RemoteDelivery) with the plan's envelope sender and destinations (the last one is the
 * mail itself, sent on to {@code relay} in the same pass, without a spool crossing), the plan's fields
 * written in front of the original bytes, which are copied untouched (the sender's DKIM signature still verifies),
 * and the forwarding attributes and verdicts the signers read. {@code Authentication-Results} fields already in the
 * message that claim smtpy's authserv-id are forged (RFC 8601 §5) and left out of the copies. Refused recipients
 * are bounced to the sender with the decision's reason, before the mail becomes a copy; dropped ones are discarded.
 * A mail without a copy to make is finished ({@code ghost}).
 *
 * <p>Parameters: {@code relayProcessor} (default {@code relay}), {@code maxForwards} (default 5) and
 * {@code maxReceived} (default 25, below James's own RelayLimit of 30): the {@link LoopLimits}.
 *
 * <p>Events: RECEIVED per recipient, FORWARDED per alias of a copy (with the copy's destinations), DROPPED, LOOP or
 * BOUNCED for refused recipients (with the status).
 */
public class SmtpyForward extends GenericMailet {
    public static final String TRACE_HEADER = MessagePolicy.TRACE_FIELD;
    private static final AttributeName RESULTS = AttributeName.of(AuthenticationAttributes.RESULTS);
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyForward.class);

    private final MessagePolicy policy;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private String relayProcessor;
    private LoopLimits loopLimits;

    @Inject
    public SmtpyForward(MessagePolicy policy, MailEvents events, Clock clock) {
        this.policy = policy;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public void init() throws MessagingException {
        relayProcessor = getInitParameter("relayProcessor", "relay");
        loopLimits = LoopLimits.of(positive("maxForwards", LoopLimits.DEFAULT.maxForwards()),
            positive("maxReceived", LoopLimits.DEFAULT.maxReceived()));
    }

    private int positive(String name, int defaultValue) throws MessagingException {
        String value = getInitParameter(name, String.valueOf(defaultValue));
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new MessagingException(getMailetName() + ": " + name + " must be a positive integer, got '" + value + "'");
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy forwarding: alias expansion, SRS, loop protection";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        for (MailAddress recipient : mail.getRecipients()) {
            record(mail, recipient, MailEventType.RECEIVED, List.of(recipient), Optional.empty(), "");
        }
        MimeMessage message = mail.getMessage();
        MessageDecision decision = policy.decide(MessageFacts.of(mail.getMaybeSender(), mail.getRecipients(),
            count(message, TRACE_HEADER), count(message, "Received"),
            AttributeUtils.getValueAndCastFromMail(mail, RESULTS, String.class)), loopLimits);

        Optional<String> messageId = MailEventFactory.messageId(mail);
        for (MessageDecision.RecipientOutcome outcome : decision.outcomes()) {
            switch (outcome.action()) {
                case DROP:
                    record(mail, outcome.recipient(), MailEventType.DROPPED, List.of(outcome.recipient()), Optional.empty(),
                        outcome.reason());
                    break;
                case BOUNCE:
                case LOOP:
                    record(mail, outcome.recipient(), outcome.action() == MessageDecision.Action.LOOP ? MailEventType.LOOP
                        : MailEventType.BOUNCED, List.of(outcome.recipient()), outcome.status(), outcome.reason());
                    break;
                default:
                    break;
            }
        }
        if (decision.bounceReason().isPresent()) {
            bounce(mail, decision.bounceReason().get());
        }
        List<CopyPlan> copies = decision.copies();
        for (int i = 0; i < copies.size(); i++) {
            if (i == copies.size() - 1 && mail instanceof MailImpl) {
                becomeTheCopy((MailImpl) mail, message, copies.get(i), messageId);
                return;
            }
            forward(mail, message, copies.get(i), messageId);
        }
        mail.setState(Mail.GHOST);
    }

    /** A copy of its own, through the spool, for every plan but the last. */
    private void forward(Mail mail, MimeMessage message, CopyPlan plan, Optional<String> messageId) throws MessagingException {
        String copyName = MailImpl.getId();
        MailImpl forwarded = MailImpl.builder()
            .name(copyName)
            .sender(plan.envelopeSender())
            .addRecipients(plan.destinations())
            .addAttributes(ForwardingAttributes.of(plan, messageId))
            .addAttributes(authenticationAttributes(mail))
            .build();
        forwarded.setMessageNoCopy(copy(message, plan.fieldsInFront()));
        try {
            getMailetContext().sendMail(forwarded, relayProcessor);
        } finally {
            forwarded.dispose();
        }
        recordForwarded(mail, plan, copyName);
    }

    /**
     * The last plan's copy is the mail itself, sent on to the relay processor in the same pass (James runs the
     * processor a mailet sets as the new state at once): no spool crossing, no second copy of the envelope. The
     * bounce and the events that need the original were made before. A mailet fault in relay sends it to the error
     * processor, as it would a copy of its own.
     */
    private void becomeTheCopy(MailImpl mail, MimeMessage message, CopyPlan plan, Optional<String> messageId)
            throws MessagingException {
        MimeMessageWrapper copy = copy(message, plan.fieldsInFront());
        recordForwarded(mail, plan, mail.getName());
        mail.setSender(plan.envelopeSender().asOptional().orElse(null));
        mail.setRecipients(plan.destinations());
        ForwardingAttributes.of(plan, messageId).forEach(mail::setAttribute);
        RawMessages.replace(mail, copy);
        mail.setState(relayProcessor);
    }

    private void recordForwarded(Mail mail, CopyPlan plan, String copyName) {
        String detail = (plan.returnedMail() ? "returned to the original sender" : "envelope sender " + plan.envelopeSender().asString())
            + "; copy " + copyName;
        for (MailAddress alias : plan.aliases()) {
            record(mail, alias, MailEventType.FORWARDED, plan.destinations(), Optional.empty(), detail);
        }
    }

    /** The plan's fields, folded, in front of every original byte but forged smtpy Authentication-Results. */
    private MimeMessageWrapper copy(MimeMessage message, List<HeaderField> fields) throws MessagingException {
        List<String> lines = new ArrayList<>(fields.size());
        for (HeaderField field : fields) {
            lines.add(MimeUtility.fold(0, field.name() + ": " + field.value()) + "\r\n");
        }
        return RawMessages.withHeadersInFront(message, lines, line -> !forgedAuthenticationResults(line));
    }

    private boolean forgedAuthenticationResults(String headerLine) {
        int colon = headerLine.indexOf(':');
        return colon > 0 && headerLine.substring(0, colon).trim().equalsIgnoreCase(MessagePolicy.AUTHENTICATION_RESULTS)
            && AuthenticationResults.claimsAuthservId(headerLine.substring(colon + 1), policy.authServId());
    }

    /** The SMTP hook's verdicts go with each copy, for the ARC sealer and for later steps. */
    private static List<Attribute> authenticationAttributes(Mail mail) {
        return mail.attributes()
            .filter(attribute -> attribute.getName().asString().startsWith(AuthenticationAttributes.PREFIX))
            .collect(Collectors.toList());
    }

    private void record(Mail mail, MailAddress recipient, MailEventType type, List<MailAddress> recipients,
                        Optional<SmtpStatus> status, String detail) {
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        events.record(eventFactory.event(mail, domain, type, recipients)
            .alias(MailEventFactory.alias(recipient))
            .smtpCode(status.map(SmtpStatus::code))
            .enhancedStatus(status.flatMap(SmtpStatus::enhanced))
            .detail(detail)
            .build());
    }

    private void bounce(Mail mail, String reason) throws MessagingException {
        if (mail.getMaybeSender().isNullSender()) {
            LOGGER.warn("Not bouncing mail {} with a null sender: {}", mail.getName(), reason);
        } else {
            getMailetContext().bounce(mail, reason);
        }
    }

    private static int count(MimeMessage message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        return values == null ? 0 : values.length;
    }
}
