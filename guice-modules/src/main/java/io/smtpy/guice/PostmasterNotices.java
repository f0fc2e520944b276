package io.smtpy.guice;

import java.util.List;
import java.util.Properties;

import javax.inject.Provider;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

import io.smtpy.core.mailpath.HeaderField;

/**
 * Notices from the server's postmaster through James's own pipeline ({@link MailetContext#sendMail}), and so through
 * RemoteDelivery or the gateway, as any other outbound mail.
 */
final class PostmasterNotices implements NoticeSender {
    // Looked up at each send: James builds the mailet context after the extensions, so a component built eagerly
    // cannot be given it (Guice would find a cycle).
    private final Provider<MailetContext> mailetContext;

    PostmasterNotices(Provider<MailetContext> mailetContext) {
        this.mailetContext = mailetContext;
    }

    @Override
    public void send(MailAddress to, String subject, String text, List<HeaderField> fields) {
        try {
            MailetContext context = mailetContext.get();
            MailAddress postmaster = context.getPostmaster();
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(postmaster.asString()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.asString()));
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            for (HeaderField field : fields) {
                message.addHeader(field.name(), field.value());
            }
            message.saveChanges();
            context.sendMail(postmaster, List.of(to), message);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send '" + subject + "' to " + to + ": " + e.getMessage(), e);
        }
    }
}
