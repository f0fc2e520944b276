package io.smtpy.smtp;

import java.net.InetAddress;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.RecipientDecision;

/**
 * Refuses a recipient at RCPT when its owner's block list rejects the envelope (the sender's address or domain, or the
 * client's IP): {@code 550 5.7.1}, nothing accepted, a {@code rejected} event naming the entry ({@link OwnerDecisions}
 * decides). Listed before {@code SmtpyRcptHook} in {@code smtpserver.xml}, whose OK ends the chain:
 * {@code <handler class="io.smtpy.smtp.SmtpyBlockListHook"/>}. Entries that need the message (the header From) and
 * the other actions are applied after DATA by {@link SmtpyRulesHook} and the forwarding.
 */
public class SmtpyBlockListHook implements RcptHook {
    private final OwnerDecisions owners;
    private final RcptRefusals refusals;

    @Inject
    public SmtpyBlockListHook(OwnerDecisions owners, RcptRefusals refusals) {
        this.owners = owners;
        this.refusals = refusals;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Optional<RecipientDecision> refusal = owners.atRcpt(sender, client(session), recipient);
        if (refusal.isEmpty()) {
            return HookResult.DECLINED;
        }
        return refusals.refuse(session, sender, recipient, refusal.get().refusal().orElseThrow(), false,
            refusal.get().refusedBy());
    }

    static Optional<InetAddress> client(SMTPSession session) {
        return Optional.ofNullable(session.getRemoteAddress()).map(address -> address.getAddress());
    }
}
