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
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.AuthServId;
import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.inbound.AuthenticationResults;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.forwarding.ForwardingPlan;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.srs.SenderRewriting;

/**
 * Forwards mail for smtpy recipients to their destinations. Put it behind {@code IsSmtpyRecipient} in the
 * {@code transport} processor, before {@code RecipientIsLocal}.
 *
 * <p>For each forwarding domain of the plan a copy goes to the {@code relay} processor (RemoteDelivery) with the
 * destinations as recipients and an SRS envelope sender on the forwarding domain; the null sender stays null and
 * returned mail (to an SRS address) keeps its sender. The message is left as it came (James's {@code Received}
 * line is already on it) plus one {@value #TRACE_HEADER} header line written in front of the original bytes,
 * which are copied untouched: the sender's DKIM signature still verifies. Recipients that cannot be served are
 * bounced to the sender with the reason; dropped ones are discarded. The original mail is then finished
 * ({@code ghost}).
 *
 * <p>Loops through outside systems are stopped by counting: a mail that already carries {@code maxForwards}
 * {@value #TRACE_HEADER} headers, or more than {@code maxReceived} {@code Received} lines, is bounced instead of
 * forwarded. Parameters: {@code relayProcessor} (default {@code relay}), {@code maxForwards} (default 5),
 * {@code maxReceived} (default 25, below James's own RelayLimit of 30).
 *
 * <p>Events: RECEIVED per recipient, FORWARDED per route (with the destinations), DROPPED, LOOP or BOUNCED for
 * refused recipients.
 */
public class SmtpyForward extends GenericMailet {
    public static final String TRACE_HEADER = "X-Smtpy-Forwarded";
    private static final String AUTHENTICATION_RESULTS = "Authentication-Results";
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyForward.class);

    private final AliasExpansion expansion;
    private final SenderRewriting senderRewriting;
    private final MailEvents events;
    private final AuthServId authServId;
    private final MailEventFactory eventFactory;
    private String relayProcessor;
    private int maxForwards;
    private int maxReceived;

    @Inject
    public SmtpyForward(AliasExpansion expansion, SenderRewriting senderRewriting, MailEvents events, AuthServId authServId,
                        Clock clock) {
        this.expansion = expansion;
        this.authServId = authServId;
        this.senderRewriting = senderRewriting;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public void init() throws MessagingException {
        relayProcessor = getInitParameter("relayProcessor", "relay");
        maxForwards = positive("maxForwards", 5);
        maxReceived = positive("maxReceived", 25);
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
        int forwards = count(message, TRACE_HEADER);
        int received = count(message, "Received");
        if (forwards >= maxForwards || received > maxReceived) {
            String reason = "5.4.6 mail loop: already forwarded " + forwards + " times by smtpy, " + received + " Received lines";
            for (MailAddress recipient : mail.getRecipients()) {
                record(mail, recipient, MailEventType.LOOP, List.of(recipient), Optional.of(554), reason);
            }
            bounce(mail, reason);
            return;
        }

        ForwardingPlan plan = expansion.plan(mail.getRecipients());
        for (ForwardingPlan.Route route : plan.routes()) {
            forward(mail, message, route);
        }
        for (ForwardingPlan.Dropped dropped : plan.dropped()) {
            record(mail, dropped.recipient(), MailEventType.DROPPED, List.of(dropped.recipient()), Optional.empty(),
                "catch-all exception '" + dropped.pattern() + "' drops it");
        }
        for (ForwardingPlan.Refused refused : plan.refused()) {
            record(mail, refused.recipient(), refused.loop() ? MailEventType.LOOP : MailEventType.BOUNCED,
                List.of(refused.recipient()), Optional.of(550), refused.reason());
        }
        if (!plan.refused().isEmpty()) {
            bounce(mail, plan.refused().stream()
                .map(refused -> refused.recipient().asString() + ": " + refused.reason())
                .collect(Collectors.joining("\n")));
        }
        mail.setState(Mail.GHOST);
    }

    private void forward(Mail mail, MimeMessage message, ForwardingPlan.Route route) throws MessagingException {
        MaybeSender sender = envelopeSender(mail, route);
        MimeMessageWrapper copy = copyWithTraceHeader(mail, message, route.forwardingDomain().asString() + " for "
            + route.recipients().stream().map(MailAddress::asString).collect(Collectors.joining(", ")));
        List<MailAddress> destinations = route.destinations().stream().map(Destination::address).collect(Collectors.toList());
        String copyName = MailImpl.getId();
        MailImpl forwarded = MailImpl.builder()
            .name(copyName)
            .sender(sender)
            .addRecipients(destinations)
            .addAttributes(ForwardingAttributes.of(route.forwardingDomain(), route.recipients(), MailEventFactory.messageId(mail)))
            .addAttributes(authenticationAttributes(mail))
            .build();
        forwarded.setMessageNoCopy(copy);
        try {
            getMailetContext().sendMail(forwarded, relayProcessor);
        } finally {
            forwarded.dispose();
        }
        for (MailAddress recipient : route.recipients()) {
            record(mail, recipient, MailEventType.FORWARDED, destinations, Optional.empty(),
                (route.returnedMail() ? "returned to the original sender" : "envelope sender " + sender.asString())
                    + "; copy " + copyName);
        }
    }

    /**
     * The copy: the trace header and, when the SMTP hook checked the mail, smtpy's Authentication-Results in front;
     * Authentication-Results fields already there that claim smtpy's authserv-id are forged (RFC 8601 §5) and left
     * out. Every other byte is the original's.
     */
    private MimeMessageWrapper copyWithTraceHeader(Mail mail, MimeMessage message, String trace) throws MessagingException {
        List<String> fields = new ArrayList<>();
        fields.add(TRACE_HEADER + ": " + MimeUtility.fold(TRACE_HEADER.length() + 2, trace) + "\r\n");
        AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(AuthenticationAttributes.RESULTS), String.class)
            .ifPresent(results -> fields.add(MimeUtility.fold(0, AUTHENTICATION_RESULTS + ": " + authServId.asString() + "; "
                + results) + "\r\n"));
        return RawMessages.withHeadersInFront(message, fields, line -> !forgedAuthenticationResults(line));
    }

    private boolean forgedAuthenticationResults(String headerLine) {
        int colon = headerLine.indexOf(':');
        return colon > 0 && headerLine.substring(0, colon).trim().equalsIgnoreCase(AUTHENTICATION_RESULTS)
            && AuthenticationResults.claimsAuthservId(headerLine.substring(colon + 1), authServId.asString());
    }

    /** The SMTP hook's verdicts go with each copy, for the ARC sealer and for later steps. */
    private static List<Attribute> authenticationAttributes(Mail mail) {
        return mail.attributes()
            .filter(attribute -> attribute.getName().asString().startsWith(AuthenticationAttributes.PREFIX))
            .collect(Collectors.toList());
    }

    private MaybeSender envelopeSender(Mail mail, ForwardingPlan.Route route) {
        if (mail.getMaybeSender().isNullSender() || route.returnedMail()) {
            return mail.getMaybeSender();
        }
        return MaybeSender.of(senderRewriting.forward(mail.getMaybeSender().get(), route.forwardingDomain()));
    }

    private void record(Mail mail, MailAddress recipient, MailEventType type, List<MailAddress> recipients,
                        Optional<Integer> smtpCode, String detail) {
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notOurs) {
            return;
        }
        events.record(eventFactory.event(mail, domain, type, recipients)
            .alias(MailEventFactory.alias(recipient))
            .smtpCode(smtpCode)
            .enhancedStatus(smtpCode.isPresent() && detail.matches("^[245]\\.\\d{1,3}\\.\\d{1,3} .*")
                ? Optional.of(detail.substring(0, detail.indexOf(' '))) : Optional.empty())
            .detail(detail)
            .build());
    }

    private void bounce(Mail mail, String reason) throws MessagingException {
        if (mail.getMaybeSender().isNullSender()) {
            LOGGER.warn("Not bouncing mail {} with a null sender: {}", mail.getName(), reason);
        } else {
            getMailetContext().bounce(mail, reason);
        }
        mail.setState(Mail.GHOST);
    }

    private static int count(MimeMessage message, String header) throws MessagingException {
        String[] values = message.getHeader(header);
        return values == null ? 0 : values.length;
    }
}
