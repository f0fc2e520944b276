package io.smtpy.mailets;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** Builds mail events from a James mail: message id, subject, mail name, sender, the alias of a recipient. */
final class MailEventFactory {
    private final Clock clock;

    MailEventFactory(Clock clock) {
        this.clock = clock;
    }

    MailEvent.Builder event(Mail mail, DomainName domain, MailEventType type, Collection<MailAddress> recipients) {
        return MailEvent.builder(domain, type, clock.instant())
            .mailId(mail.getName())
            .journeyId(ForwardingAttributes.journey(mail))
            .messageId(messageId(mail))
            .subject(subject(mail))
            .sender(mail.getMaybeSender().asString())
            .recipients(recipients.stream().map(MailAddress::asString).collect(Collectors.toList()));
    }

    /**
     * The Subject header, decoded (RFC 2047); {@code MailEvents} keeps it as the domain's privacy setting says, and
     * the event bounds its length. Never logged.
     */
    static Optional<String> subject(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getSubject());
        } catch (MessagingException unreadable) {
            return Optional.empty();
        }
    }

    static Optional<String> messageId(Mail mail) {
        try {
            return Optional.ofNullable(mail.getMessage().getMessageID());
        } catch (MessagingException unreadable) {
            return Optional.empty();
        }
    }

    /** The alias a recipient address names: its local part without a subaddress tag, if that is an alias name. */
    static Optional<LocalPart> alias(String address) {
        int at = address.lastIndexOf('@');
        return LocalPart.ofRecipient(at < 0 ? address : address.substring(0, at));
    }

    static Optional<LocalPart> alias(MailAddress address) {
        return alias(address.asString());
    }

    static List<String> asStrings(Collection<MailAddress> addresses) {
        return addresses.stream().map(MailAddress::asString).collect(Collectors.toList());
    }
}
