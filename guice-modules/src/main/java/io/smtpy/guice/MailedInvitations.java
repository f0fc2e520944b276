package io.smtpy.guice;

import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.service.InvitationMailer;

/**
 * Sends invitation mail from the server's postmaster through James's own pipeline (and so RemoteDelivery, or the
 * gateway): the mail says who invited whom into which account with which role, and how to accept with the token.
 */
final class MailedInvitations implements InvitationMailer {
    private final MailetContext mailetContext;

    MailedInvitations(MailetContext mailetContext) {
        this.mailetContext = mailetContext;
    }

    @Override
    public void send(Invitation invitation, Account account, String token) {
        try {
            MailAddress postmaster = mailetContext.getPostmaster();
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(postmaster.asString()));
            message.setRecipients(javax.mail.Message.RecipientType.TO, invitation.email());
            message.setSubject("You are invited to " + account.name() + " on smtpy", "UTF-8");
            message.setText("You have been invited to join the account \"" + account.name() + "\" as " + invitation.role().value() + ".\n\n"
                + "Your invitation token (valid until " + invitation.expiresAt() + ", single use):\n\n    " + token + "\n\n"
                + "To accept from a shell:\n\n    ./smtpy invitations accept " + token + " --password-stdin\n\n"
                + "or POST {\"token\": \"...\", \"password\": \"...\"} to /smtpy/invitations/accept;\n"
                + "to decline, POST {\"token\": \"...\"} to /smtpy/invitations/decline.\n"
                + "If you did not expect this, ignore this mail.\n", "UTF-8");
            message.saveChanges();
            mailetContext.sendMail(postmaster, List.of(new MailAddress(invitation.email())), message);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send the invitation mail to " + invitation.email() + ": " + e.getMessage(), e);
        }
    }
}
