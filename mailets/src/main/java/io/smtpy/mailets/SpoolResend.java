package io.smtpy.mailets;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;

import io.smtpy.bounces.copies.CopyResender;
import io.smtpy.bounces.copies.FailedCopy;

/**
 * Sends a kept failed copy again, to one address, through the {@value #RELAY_PROCESSOR} processor: with the copy's
 * envelope sender (the domain's SRS address, as when it was forwarded) and smtpy's forwarding attributes (domain,
 * alias, Message-ID, the journey), so RemoteDelivery delivers, retries or bounces it and {@link RecordDeliveryOutcome}
 * records that in the journey, as for {@link SmtpyForward}'s copies. Its bytes are signed already (the ARC set and DKIM
 * signature cover the message, not the envelope), so it asks the signers for nothing more, as fallbacks do.
 */
public class SpoolResend implements CopyResender {
    static final String RELAY_PROCESSOR = "relay";

    private final Provider<MailetContext> context;
    private final Clock clock;

    /** The context is looked up at the first resend: James builds it late, after the extensions that need this. */
    @Inject
    public SpoolResend(Provider<MailetContext> context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    @Override
    public String resend(FailedCopy copy, MailAddress to) {
        MaybeSender sender;
        try {
            sender = copy.sender().isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(copy.sender()));
        } catch (AddressException stored) {
            throw new IllegalStateException("the kept copy's envelope sender is not an address", stored);
        }
        List<MailAddress> aliases = new ArrayList<>();
        copy.alias().ifPresent(alias -> {
            try {
                aliases.add(new MailAddress(alias + "@" + copy.domain().asString()));
            } catch (AddressException unusable) {
                // No alias attribute then: the outcome is recorded without one.
            }
        });
        MailImpl mail = MailImpl.builder()
            .name(MailImpl.getId())
            .sender(sender)
            .addRecipient(to)
            .addAttributes(ForwardingAttributes.of(copy.domain(), aliases, copy.messageId()))
            .build();
        mail.setAttribute(ForwardingAttributes.journey(copy.journeyId()));
        mail.setAttribute(ForwardingAttributes.forwardedAt(clock.instant()));
        mail.setAttribute(new Attribute(ForwardingAttributes.ARC_SEAL, AttributeValue.of(false)));
        mail.setAttribute(new Attribute(ForwardingAttributes.DKIM_SIGN, AttributeValue.of(false)));
        try {
            mail.setMessageNoCopy(new MimeMessageWrapper(
                MimeMessageInputStreamSource.create(mail.getName(), new ByteArrayInputStream(copy.message()))));
            context.get().sendMail(mail, RELAY_PROCESSOR);
            return mail.getName();
        } catch (MessagingException e) {
            throw new IllegalStateException("could not hand the copy to the outbound path: " + e.getMessage(), e);
        } finally {
            mail.dispose();
        }
    }
}
