package io.smtpy.smtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.Destination;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.sending.reverse.ReplyAlerts;
import io.smtpy.sending.reverse.ReplyDecision;
import io.smtpy.sending.reverse.ReplyPolicy;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasToken;
import io.smtpy.suppression.Suppression;
import io.smtpy.suppression.Suppressions;

/**
 * At the end of DATA, for a mail to reverse aliases: asks {@link ReplyPolicy} whether it is a reply from the alias's
 * own mailbox (one of its destinations, authenticated by its domain's SPF, DKIM or DMARC as the SMTP authentication
 * hook found them) that goes only to reverse aliases of that alias.
 * <ul>
 *   <li>a reply: the alias's own address is taken out of the recipients (a reply-all brings it), and the mailbox is
 *       written in the attribute {@value #MAILBOX}, which sends the mail to {@code SmtpyReply} in the pipeline;</li>
 *   <li>refused: {@code 550} with the policy's text, a {@code rejected} event per recipient, and, when the mail did not
 *       come from the alias's mailbox, an alert to the owners ({@link ReplyAlerts}, once per reverse alias a day);</li>
 *   <li>a reply to an original sender suppressed for the alias (it bounced for good or complained): refused, {@code 550
 *       5.7.1} naming it and until when, as the submission server refuses a suppressed destination, so the alias never
 *       writes to it while the suppression lasts.</li>
 * </ul>
 * Mail with no reverse alias recipient: DECLINED, untouched.
 *
 * <p>In {@code smtpserver.xml}'s MX handler chain after {@code SmtpyAuthenticationHook}, whose verdicts it reads:
 * {@code <handler class="io.smtpy.smtp.SmtpyReplyHook"/>}.
 */
public class SmtpyReplyHook implements JamesMessageHook {
    /** The alias's mailbox a reply came from; set only on mail this hook let through as a reply. */
    public static final String MAILBOX = "io.smtpy.reply.mailbox";
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyReplyHook.class);
    private static final AttributeName RESULTS = AttributeName.of(AuthenticationAttributes.RESULTS);

    private final ReplyPolicy policy;
    private final RcptRefusals refusals;
    private final ReplyAlerts alerts;
    private final Suppressions suppressions;

    @Inject
    public SmtpyReplyHook(ReplyPolicy policy, RcptRefusals refusals, ReplyAlerts alerts, Suppressions suppressions) {
        this.policy = policy;
        this.refusals = refusals;
        this.alerts = alerts;
        this.suppressions = suppressions;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (mail.getRecipients().stream().noneMatch(recipient -> ReverseAliasToken.of(recipient).isPresent())) {
            return HookResult.DECLINED;
        }
        List<String> from;
        List<String> toAndCc = new ArrayList<>();
        try {
            MimeMessage message = mail.getMessage();
            from = values(message, "From");
            toAndCc.addAll(values(message, "To"));
            toAndCc.addAll(values(message, "Cc"));
        } catch (MessagingException e) {
            LOGGER.warn("Could not read the header of mail {} to a reverse alias", mail.getName(), e);
            from = List.of();
        }
        ReplyDecision decision = suppressedOriginal(policy.decide(mail.getRecipients(), from, toAndCc,
            AttributeUtils.getValueAndCastFromMail(mail, RESULTS, String.class)));
        switch (decision.verdict()) {
            case REPLY:
                Collection<MailAddress> kept = new ArrayList<>(mail.getRecipients());
                kept.removeAll(decision.dropped());
                mail.setRecipients(kept);
                mail.setAttribute(new Attribute(AttributeName.of(MAILBOX), AttributeValue.of(decision.mailbox().orElseThrow().asString())));
                return HookResult.DECLINED;
            case REFUSE:
                return refuse(session, mail, decision, from);
            default:
                return HookResult.DECLINED;
        }
    }

    /** A reply refused when one of its original senders is suppressed for the alias; any other decision as it is. */
    private ReplyDecision suppressedOriginal(ReplyDecision decision) {
        if (decision.verdict() != ReplyDecision.Verdict.REPLY) {
            return decision;
        }
        for (ReverseAlias reverse : decision.through()) {
            Optional<Suppression> suppression;
            try {
                suppression = suppressions.active(reverse.domain(), reverse.alias(), Destination.of(reverse.original().asString()));
            } catch (IllegalArgumentException unusable) {
                continue;
            }
            if (suppression.isPresent()) {
                return ReplyDecision.refuse(decision.through(), SmtpStatus.of(550, "5.7.1", reverse.original().asString()
                    + " is suppressed for " + reverse.aliasAddress().asString() + " until " + suppression.get().until() + ": "
                    + suppression.get().reason()), false);
            }
        }
        return decision;
    }

    private HookResult refuse(SMTPSession session, Mail mail, ReplyDecision decision, List<String> from) {
        SmtpStatus status = decision.status().orElseThrow();
        for (MailAddress recipient : mail.getRecipients()) {
            refusals.record(session, mail.getMaybeSender(), recipient, decision.first().map(ReverseAlias::alias), MailEventType.REJECTED,
                Optional.of(status), "reply through the alias refused: " + status.text());
        }
        if (decision.alert() && decision.first().isPresent()) {
            ReverseAlias reverse = decision.first().get();
            String client = session.getRemoteAddress() == null ? "unknown" : session.getRemoteAddress().getAddress().getHostAddress();
            alerts.refused(reverse.domain(), reverse.id().asString(),
                "A reply through " + reverse.aliasAddress().asString() + " was refused",
                "Mail sent to " + reverse.aliasAddress().asString() + "'s reply address for " + reverse.original().asString()
                    + " (reverse alias " + reverse.id().asString() + ") was refused:\n\n  " + status.reply()
                    + "\n\nIt came from " + client + " with envelope sender <" + mail.getMaybeSender().asString("") + "> and From "
                    + (from.isEmpty() ? "(none)" : String.join(", ", from).trim())
                    + ".\nOnly the alias's own mailboxes, authenticated by their domain, may write through its reply addresses."
                    + " If the reply address has leaked, disable it: PATCH /smtpy/domains/" + reverse.domain().asString()
                    + "/reverse-aliases/" + reverse.id().asString() + " {\"enabled\": false}."
                    + "\nFurther refusals for this reply address are not mailed for 24 hours.");
        }
        return SmtpyRcptHook.refusal(status, false);
    }

    private static List<String> values(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? List.of() : Arrays.asList(values);
    }
}
