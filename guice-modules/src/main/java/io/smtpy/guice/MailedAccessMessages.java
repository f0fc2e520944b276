package io.smtpy.guice;

import java.util.List;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.service.AccessMailer;

/**
 * Sends the access mails (invitations, e-mail verification, password reset) from the server's postmaster through
 * James's own pipeline, and so through RemoteDelivery or the gateway. Each carries its single-use token and says
 * how to use it from a shell or over the API; none carries any other secret.
 */
final class MailedAccessMessages implements AccessMailer {
    private final MailetContext mailetContext;

    MailedAccessMessages(MailetContext mailetContext) {
        this.mailetContext = mailetContext;
    }

    @Override
    public void invitation(Invitation invitation, Account account, String token) {
        send(invitation.email(), "You are invited to " + account.name() + " on smtpy",
            "You have been invited to join the account \"" + account.name() + "\" as " + invitation.role().value() + ".\n\n"
                + "Your invitation token (valid until " + invitation.expiresAt() + ", single use):\n\n    " + token + "\n\n"
                + "To accept from a shell:\n\n    ./smtpy invitations accept " + token + " --password-stdin\n\n"
                + "or POST {\"token\": \"...\", \"password\": \"...\"} to /smtpy/invitations/accept;\n"
                + "to decline, POST {\"token\": \"...\"} to /smtpy/invitations/decline.\n"
                + "If you did not expect this, ignore this mail.\n");
    }

    @Override
    public void emailVerification(Member member, String token) {
        send(member.email(), "Confirm your address for smtpy",
            "Confirm that " + member.email() + " is yours with this single-use token:\n\n    " + token + "\n\n"
                + "POST {\"token\": \"...\"} to /smtpy/verify-email. If you did not expect this, ignore this mail.\n");
    }

    @Override
    public void passwordReset(Member member, String token) {
        send(member.email(), "Reset your smtpy password",
            "Someone (you, we hope) asked to reset the password of " + member.email() + ".\n\n"
                + "This single-use token is valid for one hour:\n\n    " + token + "\n\n"
                + "POST {\"token\": \"...\", \"password\": \"...\"} to /smtpy/password-reset/confirm; every session of\n"
                + "yours then ends. If you did not ask for this, ignore this mail: your password stays as it is.\n");
    }

    private void send(String to, String subject, String text) {
        try {
            MailAddress postmaster = mailetContext.getPostmaster();
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(postmaster.asString()));
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(subject, "UTF-8");
            message.setText(text, "UTF-8");
            message.saveChanges();
            mailetContext.sendMail(postmaster, List.of(new MailAddress(to)), message);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send '" + subject + "' to " + to + ": " + e.getMessage(), e);
        }
    }
}
