package io.smtpy.guice;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.service.AccessMailer;

/**
 * Sends the access mails (invitations, e-mail verification, password reset) from the server's postmaster through
 * James's own pipeline ({@link PostmasterNotices}), and so through RemoteDelivery or the gateway. Each carries its single-use token and says
 * how to use it from a shell or over the API; none carries any other secret. When {@code rules.publicUrl} is set, the
 * invitation also carries a link to the web panel's invitation page ({@code <publicUrl>/smtpy/panel/#/invitation?token=...}):
 * the token stays in the link's fragment, which browsers never send to a server.
 */
final class MailedAccessMessages implements AccessMailer {
    /** Where the panel answers an invitation, under the public URL. */
    static final String PANEL_INVITATION = "/smtpy/panel/#/invitation?token=";

    private final NoticeSender notices;
    private final Optional<String> publicUrl;

    /** @param publicUrl WebAdmin as the Internet reaches it, without a trailing slash; empty: no panel link */
    MailedAccessMessages(NoticeSender notices, Optional<String> publicUrl) {
        this.notices = notices;
        this.publicUrl = publicUrl;
    }

    @Override
    public void invitation(Invitation invitation, Account account, String token) {
        send(invitation.email(), "You are invited to " + account.name() + " on smtpy",
            "You have been invited to join the account \"" + account.name() + "\" as " + invitation.role().value() + ".\n\n"
                + publicUrl.map(url -> "To accept or decline it, open:\n\n    " + url + PANEL_INVITATION
                    + URLEncoder.encode(token, StandardCharsets.UTF_8) + "\n\n").orElse("")
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
        MailAddress address;
        try {
            address = new MailAddress(to);
        } catch (AddressException e) {
            throw new IllegalStateException("cannot send '" + subject + "' to " + to + ": " + e.getMessage(), e);
        }
        notices.send(address, subject, text);
    }
}
