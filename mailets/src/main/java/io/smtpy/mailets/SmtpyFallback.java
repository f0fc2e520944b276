package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Sends a copy that a destination refused for good on to the alias's next fallback ({@link FallbackPolicy} decides),
 * instead of bouncing it. Put it at the top of RemoteDelivery's {@code bounceProcessor}, before
 * {@code RecordDeliveryOutcome}:
 * {@code <mailet match="All" class="io.smtpy.mailets.SmtpyFallback"><relayProcessor>relay</relayProcessor></mailet>}.
 *
 * <p>The copy goes to {@code relayProcessor} with the same envelope sender and bytes, signed already (the ARC set and
 * DKIM signature cover the message, not the envelope), so it asks the signers for nothing more. Recipients that got a
 * fallback leave this mail; when none is left it ends here ({@code ghost}), otherwise the rest bounce as before.
 * Each fallback is a {@code fallback} event naming the failed address, the remote reply and the next address.
 */
public class SmtpyFallback extends GenericMailet {
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final FallbackPolicy policy;
    private final MailEvents events;
    private final MailEventFactory eventFactory;
    private String relayProcessor;

    @Inject
    public SmtpyFallback(FallbackPolicy policy, MailEvents events, Clock clock) {
        this.policy = policy;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public void init() {
        relayProcessor = getInitParameter("relayProcessor", "relay");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        List<LocalPart> aliases = ForwardingAttributes.aliases(mail).stream()
            .map(MailEventFactory::alias).flatMap(Optional::stream).collect(Collectors.toList());
        Map<MailAddress, FallbackPolicy.Fallback> fallbacks = policy.after(domain.get(), aliases, mail.getRecipients());
        if (fallbacks.isEmpty()) {
            return;
        }
        String reply = AttributeUtils.getValueAndCastFromMail(mail, DELIVERY_ERROR, String.class).orElse("refused");
        for (FallbackPolicy.Fallback fallback : fallbacks.values()) {
            send(mail, fallback);
            events.record(eventFactory.event(mail, domain.get(), MailEventType.FALLBACK, List.of(fallback.next()))
                .alias(Optional.of(fallback.alias().localPart()))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail(fallback.failed().asString() + " failed (" + reply.trim() + "); sent to the fallback " + fallback.next().asString())
                .build());
        }
        Collection<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
        remaining.removeAll(fallbacks.keySet());
        if (remaining.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(remaining);
        }
    }

    private void send(Mail mail, FallbackPolicy.Fallback fallback) throws MessagingException {
        MailImpl copy = MailImpl.builder()
            .name(MailImpl.getId())
            .sender(mail.getMaybeSender())
            .addRecipient(fallback.next())
            .addAttributes(mail.attributes()
                .filter(attribute -> attribute.getName().asString().startsWith("io.smtpy."))
                .collect(Collectors.toList()))
            .build();
        copy.setAttribute(new Attribute(ForwardingAttributes.ARC_SEAL, AttributeValue.of(false)));
        copy.setAttribute(new Attribute(ForwardingAttributes.DKIM_SIGN, AttributeValue.of(false)));
        copy.setMessage(mail.getMessage());
        try {
            getMailetContext().sendMail(copy, relayProcessor);
        } finally {
            copy.dispose();
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy fallback destinations: a copy refused for good goes to the alias's next fallback";
    }
}
