package io.smtpy.mailets;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.rules.quarantine.MailReinjection;
import io.smtpy.rules.quarantine.QuarantinedMail;

/**
 * Puts a mail released from the quarantine back into James's spool, addressed as it first was, so it goes through the
 * pipeline again and is forwarded "as if it had passed": it carries {@value #RELEASED}, which tells
 * {@link SmtpyForward} that the owner's lists and rules have had their say, and the verdicts it arrived with
 * ({@link #VERDICT_ATTRIBUTES}), so its copies get the same {@code Authentication-Results} and ARC set.
 */
public class SpoolReinjection implements MailReinjection {
    /** The quarantine id of a released mail. */
    public static final String RELEASED = "io.smtpy.rules.released";
    /**
     * Verdict names as the quarantine keeps them, and the mail attributes they go back into; with the suppressed
     * destinations a mail was held for, which are all its release goes to.
     */
    public static final Map<String, String> VERDICT_ATTRIBUTES = Map.of(
        "spf", AuthenticationAttributes.SPF,
        "dkim", AuthenticationAttributes.DKIM,
        "dmarc", AuthenticationAttributes.DMARC,
        "arc", AuthenticationAttributes.ARC,
        "results", AuthenticationAttributes.RESULTS,
        SmtpyForward.HELD_FOR_VERDICT, SmtpyForward.HELD_FOR_ATTRIBUTE);

    private final Provider<MailetContext> context;

    /** The context is looked up at the first release: James builds it late, after the extensions that need this. */
    @Inject
    public SpoolReinjection(Provider<MailetContext> context) {
        this.context = context;
    }

    @Override
    public void reinject(MaybeSender sender, List<MailAddress> recipients, byte[] message, QuarantinedMail from) {
        MailImpl mail = MailImpl.builder()
            .name(MailImpl.getId())
            .sender(sender)
            .addRecipients(recipients)
            .addAttribute(new Attribute(AttributeName.of(RELEASED), AttributeValue.of(from.id().asString())))
            .build();
        from.verdicts().forEach((name, value) -> {
            String attribute = VERDICT_ATTRIBUTES.get(name);
            if (attribute != null) {
                mail.setAttribute(Attribute.convertToAttribute(attribute, value));
            }
        });
        try {
            mail.setMessageNoCopy(new MimeMessageWrapper(
                MimeMessageInputStreamSource.create(mail.getName(), new ByteArrayInputStream(message))));
            context.get().sendMail(mail);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not put the released mail back into the spool: " + e.getMessage(), e);
        } finally {
            mail.dispose();
        }
    }
}
