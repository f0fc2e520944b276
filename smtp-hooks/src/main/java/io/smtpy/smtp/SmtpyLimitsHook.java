package io.smtpy.smtp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.mailpath.MatchedBy;
import io.smtpy.core.mailpath.RcptDecision;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.limits.InboundTransaction;
import io.smtpy.limits.LimitDecision;
import io.smtpy.limits.LimitPolicy;

/**
 * The inbound limits on port 25 ({@link LimitPolicy} decides and counts; the counters are shared by every session, and
 * by every node on a shared store). Listed just before {@code SmtpyRcptHook} in {@code smtpserver.xml}, whose OK ends the chain:
 * {@code <handler class="io.smtpy.smtp.SmtpyLimitsHook"/>}.
 * <ul>
 *   <li>RCPT: a recipient that {@link RecipientPolicy} accepts for an alias, regex alias or catch-all counts toward
 *       its alias's and domain's limits; over one, {@code 451 4.7.1} / {@code 452 4.5.3} (or {@code 550 5.7.1} for a
 *       set that rejects) with the limit and when to try again, or {@code 451 4.3.0} when the counters do not answer, and a
 *       {@code rejected} event ({@link RcptRefusals}).
 *       Otherwise DECLINED: {@code SmtpyRcptHook} answers as before. Other recipients (SRS returns, reports, foreign
 *       domains) are not counted.</li>
 *   <li>End of DATA (a {@link JamesMessageHook}, so it runs before the authentication, scan and rules hooks): the
 *       message's bytes; over {@code bytesPerDay} the whole mail is refused with the same kinds of reply and a
 *       {@code rejected} event per counted recipient.</li>
 * </ul>
 */
public class SmtpyLimitsHook implements RcptHook, JamesMessageHook {
    static final ProtocolSession.AttachmentKey<InboundTransaction> TRANSACTION =
        ProtocolSession.AttachmentKey.of("io.smtpy.limits.transaction", InboundTransaction.class);
    private static final Set<MatchedBy> COUNTED = EnumSet.of(MatchedBy.ALIAS, MatchedBy.REGEX_ALIAS, MatchedBy.CATCH_ALL);

    private final RecipientPolicy recipients;
    private final LimitPolicy limits;
    private final RcptRefusals refusals;

    @Inject
    public SmtpyLimitsHook(RecipientPolicy recipients, LimitPolicy limits, RcptRefusals refusals) {
        this.recipients = recipients;
        this.limits = limits;
        this.refusals = refusals;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        RcptDecision decision = recipients.decide(recipient);
        if (decision.verdict() != RcptDecision.Verdict.ACCEPT || !decision.matchedBy().map(COUNTED::contains).orElse(false)) {
            return HookResult.DECLINED;
        }
        InboundTransaction transaction = session.getAttachment(TRANSACTION, ProtocolSession.State.Transaction).orElseGet(() -> {
            InboundTransaction started = new InboundTransaction(sender.asString());
            session.setAttachment(TRANSACTION, started, ProtocolSession.State.Transaction);
            return started;
        });
        LimitDecision limited = limits.inboundRecipient(transaction, DomainName.of(recipient.getDomain().asString()),
            LocalPart.ofRecipient(recipient.getLocalPart()), recipient);
        if (limited.allowed()) {
            return HookResult.DECLINED;
        }
        return refusals.refuse(session, sender, recipient, limited.status().orElseThrow(), false,
            "limit: " + limited.reason());
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<InboundTransaction> transaction = session.getAttachment(TRANSACTION, ProtocolSession.State.Transaction);
        if (transaction.isEmpty()) {
            return HookResult.DECLINED;
        }
        long size;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException e) {
            return HookResult.DECLINED;
        }
        List<MailAddress> to = new ArrayList<>(mail.getRecipients());
        LimitDecision limited = limits.inboundMessage(transaction.get(), size, to);
        if (limited.allowed()) {
            return HookResult.DECLINED;
        }
        for (MailAddress recipient : to) {
            if (recipients.isSmtpyRecipient(recipient)) {
                refusals.record(session, mail.getMaybeSender(), recipient, MailEventType.REJECTED, limited.status(),
                    limited.status().orElseThrow().text() + " (limit: " + limited.reason() + ")");
            }
        }
        return SmtpyRcptHook.refusal(limited.status().orElseThrow(), false);
    }
}
