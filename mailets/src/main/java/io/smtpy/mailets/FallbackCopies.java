package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * Sends a forwarded copy's failed recipients to their aliases' fallbacks, as {@link FallbackPolicy} says: for a copy
 * refused for good ({@link SmtpyFallback}) and for one deferred too long ({@link FallbackOnDeferral}). The copy keeps
 * its envelope sender and bytes, signed already (the ARC set and DKIM signature cover the message, not the envelope),
 * so it asks the signers for nothing more. Each fallback is a {@code fallback} event.
 */
final class FallbackCopies {
    private final FallbackPolicy policy;
    private final MailEvents events;
    private final MailEventFactory eventFactory;

    FallbackCopies(FallbackPolicy policy, MailEvents events, Clock clock) {
        this.policy = policy;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    /**
     * Sends those of the mail's recipients that have a fallback to it, through {@code relayProcessor}.
     *
     * @param why what happened to the failed address, for the event ("550 no such user", "deferred for 4 h")
     * @return the recipients left without a fallback
     */
    Collection<MailAddress> divert(Mail mail, MailetContext context, String relayProcessor, String why) throws MessagingException {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty() || mail.getRecipients().isEmpty()) {
            return mail.getRecipients();
        }
        List<LocalPart> aliases = ForwardingAttributes.aliases(mail).stream()
            .map(MailEventFactory::alias).flatMap(Optional::stream).collect(Collectors.toList());
        Map<MailAddress, FallbackPolicy.Fallback> fallbacks = policy.after(domain.get(), aliases, mail.getRecipients());
        for (FallbackPolicy.Fallback fallback : fallbacks.values()) {
            send(mail, context, relayProcessor, fallback);
            events.record(eventFactory.event(mail, domain.get(), MailEventType.FALLBACK, List.of(fallback.next()))
                .alias(Optional.of(fallback.alias().localPart()))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail(fallback.failed().asString() + " failed (" + why.trim() + "); sent to the fallback " + fallback.next().asString())
                .build());
        }
        Collection<MailAddress> remaining = new ArrayList<>(mail.getRecipients());
        remaining.removeAll(fallbacks.keySet());
        return remaining;
    }

    private static void send(Mail mail, MailetContext context, String relayProcessor, FallbackPolicy.Fallback fallback)
            throws MessagingException {
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
            context.sendMail(copy, relayProcessor);
        } finally {
            copy.dispose();
        }
    }
}
