package io.smtpy.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.limits.LimitDecision;
import io.smtpy.limits.LimitPolicy;
import io.smtpy.limits.OutboundMessage;
import io.smtpy.sending.AuthOutcome;
import io.smtpy.sending.SendAsPolicy;
import io.smtpy.sending.SmtpCredential;
import io.smtpy.sending.SubmissionAuthenticator;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.Suppressions;

/**
 * The submission server's hook (ports 587 and 465, never the MX): AUTH with an smtpy SMTP credential
 * ({@link SubmissionAuthenticator} decides, with its brake on guessing); at MAIL, an authenticated session and an
 * envelope sender the credential may send as; at RCPT, no destination suppressed for the sending address; at the end
 * of DATA, From and Sender header fields it may send as ({@link SendAsPolicy}), then the outbound traffic limits of the
 * credential, the sending alias and the domain ({@link LimitPolicy}: 451 4.7.1 or 550 5.7.1 over them). The credential is looked up again at
 * every MAIL, so one revoked or changed meanwhile counts from the next mail of an open session.
 * {@code <handler class="io.smtpy.smtp.SmtpySubmissionHook"/>} first in the submission servers' chains.
 */
public class SmtpySubmissionHook implements AuthHook, MailHook, RcptHook, JamesMessageHook {
    static final ProtocolSession.AttachmentKey<SmtpCredential> CREDENTIAL =
        ProtocolSession.AttachmentKey.of("io.smtpy.submission.credential", SmtpCredential.class);
    static final SmtpStatus AUTHENTICATION_REQUIRED = SmtpStatus.of(530, "5.7.0", "Authentication required");
    static final SmtpStatus REVOKED = SmtpStatus.of(535, "5.7.8", "The credential of this session no longer exists");

    private final SubmissionAuthenticator authenticator;
    private final Suppressions suppressions;
    private final LimitPolicy limits;

    @Inject
    public SmtpySubmissionHook(SubmissionAuthenticator authenticator, Suppressions suppressions, LimitPolicy limits) {
        this.authenticator = authenticator;
        this.suppressions = suppressions;
        this.limits = limits;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        String source = session.getRemoteAddress().getAddress().getHostAddress();
        AuthOutcome outcome = authenticator.authenticate(source, username.asString(), password);
        if (outcome.credential().isEmpty()) {
            return SmtpyRcptHook.refusal(outcome.refusal().orElseThrow(), false);
        }
        SmtpCredential credential = outcome.credential().get();
        session.setUsername(Username.of(credential.username()));
        session.setRelayingAllowed(true);
        session.setAttachment(CREDENTIAL, credential, ProtocolSession.State.Connection);
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.ok())
            .smtpDescription("2.7.0 Authentication successful")
            .build();
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            return SmtpyRcptHook.refusal(AUTHENTICATION_REQUIRED, false);
        }
        Optional<SmtpCredential> credential = authenticator.current(session.getUsername().asString());
        if (credential.isEmpty()) {
            session.removeAttachment(CREDENTIAL, ProtocolSession.State.Connection);
            return SmtpyRcptHook.refusal(REVOKED, false);
        }
        session.setAttachment(CREDENTIAL, credential.get(), ProtocolSession.State.Connection);
        return SendAsPolicy.envelopeSender(credential.get(), sender.asOptional())
            .map(status -> SmtpyRcptHook.refusal(status, false))
            .orElse(HookResult.DECLINED);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Optional<SmtpCredential> credential = session.getAttachment(CREDENTIAL, ProtocolSession.State.Connection);
        if (credential.isEmpty() || sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        return suppressed(credential.get(), sender.get(), recipient)
            .map(suppression -> SmtpyRcptHook.refusal(SmtpStatus.of(550, "5.7.1", recipient.asString() + " is suppressed for "
                + sender.get().asString() + " until " + suppression.until() + ": " + suppression.reason()), false))
            .orElse(HookResult.DECLINED);
    }

    private Optional<Suppression> suppressed(SmtpCredential credential, MailAddress sender, MailAddress recipient) {
        Optional<LocalPart> alias = LocalPart.ofRecipient(sender.getLocalPart());
        Destination destination;
        try {
            destination = Destination.of(recipient.asString());
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
        return alias.flatMap(localPart -> suppressions.active(credential.domain(), localPart, destination));
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<SmtpCredential> credential = session.getAttachment(CREDENTIAL, ProtocolSession.State.Connection);
        if (credential.isEmpty()) {
            return HookResult.DECLINED;
        }
        List<MailAddress> from = new ArrayList<>();
        List<MailAddress> senderField = new ArrayList<>();
        boolean readable;
        try {
            MimeMessage message = mail.getMessage();
            readable = addresses(message.getHeader("From", ","), from) && addresses(message.getHeader("Sender", ","), senderField);
        } catch (MessagingException unreadable) {
            readable = false;
        }
        Optional<SmtpStatus> refusal = SendAsPolicy.headerFields(credential.get(), from, senderField, readable)
            .or(() -> outboundLimit(credential.get(), mail));
        return refusal.map(status -> SmtpyRcptHook.refusal(status, false)).orElse(HookResult.DECLINED);
    }

    /** The credential's, the sending alias's and the domain's outbound limits, counted together or not at all. */
    private Optional<SmtpStatus> outboundLimit(SmtpCredential credential, Mail mail) {
        if (mail.getMaybeSender().isNullSender()) {
            return Optional.empty();
        }
        MailAddress sender = mail.getMaybeSender().get();
        long size;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException unreadable) {
            size = 0;
        }
        LimitDecision decision = limits.outbound(new OutboundMessage(Optional.of(credential.id().asString()), credential.domain(),
            LocalPart.ofRecipient(sender.getLocalPart()), sender.asString(), List.copyOf(mail.getRecipients()), size));
        return decision.status();
    }

    /** @return whether the field (absent counts as empty) could be read as addresses */
    private static boolean addresses(String field, List<MailAddress> into) {
        if (field == null) {
            return true;
        }
        try {
            for (InternetAddress address : InternetAddress.parseHeader(field, false)) {
                if (address.isGroup() || address.getAddress() == null) {
                    return false;
                }
                into.add(new MailAddress(address.getAddress()));
            }
            return true;
        } catch (AddressException unreadable) {
            return false;
        }
    }
}
