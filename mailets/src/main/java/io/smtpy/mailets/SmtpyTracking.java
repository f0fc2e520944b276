package io.smtpy.mailets;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.sending.tracking.MessageTracking;
import io.smtpy.sending.tracking.Tracking;

/**
 * Open and click tracking of the mail a domain's owner submitted, when the domain asks for it ({@link Tracking}) and
 * the installation has a tracking base URL: each {@code text/html} part gets its links rewritten to smtpy's click
 * links and a 1x1 pixel ({@link MessageTracking}). Only mail carrying {@link ForwardingAttributes#SUBMITTED_TO} is
 * touched: smtpy's forwarded copies never carry it, so they go on exactly as their sender sent them.
 *
 * <p>Each recipient gets its own copy, so that an open or a click says whose it was: the mail keeps the last
 * recipient, and a copy for each other one (same attributes, same journey) goes through the spool to this processor
 * again, tracked already. A mail without HTML, or one that cannot be read as MIME, goes on untouched and unsplit.
 *
 * <p>{@code <mailet match="All" class="io.smtpy.mailets.SmtpyTracking"/>} in {@code relay}, before
 * {@link SmtpySign}: the tracked bytes are what the DKIM signature covers.
 */
public class SmtpyTracking extends GenericMailet {
    private final Tracking tracking;

    @Inject
    public SmtpyTracking(Tracking tracking) {
        this.tracking = tracking;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: open and click tracking of submitted mail";
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<List<String>> submittedTo = ForwardingAttributes.submittedTo(mail);
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (submittedTo.isEmpty() || domain.isEmpty() || mail.getRecipients().isEmpty()) {
            return;
        }
        mail.removeAttribute(ForwardingAttributes.SUBMITTED_TO);
        if (!tracking.available() || !tracking.settings(domain.get()).any()) {
            return;
        }
        Optional<LocalPart> alias = ForwardingAttributes.aliases(mail).stream().findFirst().flatMap(MailEventFactory::alias);
        String journey = ForwardingAttributes.journey(mail);
        byte[] original = RawMessages.bytes(mail.getMessage());
        List<MailAddress> recipients = new ArrayList<>(mail.getRecipients());
        List<byte[]> tracked = new ArrayList<>(recipients.size());
        for (MailAddress recipient : recipients) {
            OptionalInt index = OptionalInt.of(submittedTo.get().indexOf(recipient.asString())).stream().filter(i -> i >= 0).findFirst();
            Optional<byte[]> copy = tracking.tracker(domain.get(), alias, journey, index)
                .flatMap(tracker -> MessageTracking.rewrite(original, tracker));
            if (copy.isEmpty()) {
                return;
            }
            tracked.add(copy.get());
        }
        for (int i = 0; i < recipients.size() - 1; i++) {
            MailImpl copy = MailImpl.duplicate(mail);
            try {
                copy.setRecipients(List.of(recipients.get(i)));
                copy.setAttribute(ForwardingAttributes.journey(journey));
                copy.setMessageNoCopy(message(copy.getName(), tracked.get(i)));
                getMailetContext().sendMail(copy, mail.getState());
            } finally {
                copy.dispose();
            }
        }
        mail.setRecipients(List.of(recipients.get(recipients.size() - 1)));
        RawMessages.replace(mail, message(mail.getName(), tracked.get(recipients.size() - 1)));
    }

    private static MimeMessageWrapper message(String name, byte[] bytes) throws MessagingException {
        return new MimeMessageWrapper(MimeMessageInputStreamSource.create("smtpy-tracked-" + name, new ByteArrayInputStream(bytes)));
    }
}
