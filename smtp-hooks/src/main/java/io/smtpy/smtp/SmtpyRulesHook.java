package io.smtpy.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.rules.Verdicts;
import io.smtpy.rules.mailpath.DecisionsJson;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.RecipientDecision;

/**
 * At the end of DATA, before smtpy answers, applies the owners' block and allow lists (now with the header From), their
 * domains' spam and virus policies (on the verdict {@code SmtpyScanHook} left) and rules to the recipients on smtpy
 * domains ({@link OwnerDecisions} decides). Listed after {@code SmtpyAuthenticationHook} and {@code SmtpyScanHook} in
 * {@code smtpserver.xml}, so rules can read their verdicts:
 * {@code <handler class="io.smtpy.smtp.SmtpyRulesHook"/>}.
 * <ul>
 *   <li>a recipient refused ({@code reject} rule, block entry with action reject): when every recipient is refused,
 *       the mail is refused ({@code 550 5.7.1} and the owner's text) and nothing is accepted; when others remain, the
 *       refused ones are removed from the mail (one answer covers the whole transaction) and each gets a
 *       {@code dropped} event saying why;</li>
 *   <li>everything else is written into the mail attribute {@value DecisionsJson#ATTRIBUTE} for {@code SmtpyForward}, which
 *       carries it out without evaluating and counting the lists and rules a second time (an empty list when nothing
 *       was decided: the mark that they were evaluated).</li>
 * </ul>
 */
public class SmtpyRulesHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyRulesHook.class);

    private final OwnerDecisions owners;
    private final RcptRefusals refusals;

    @Inject
    public SmtpyRulesHook(OwnerDecisions owners, RcptRefusals refusals) {
        this.owners = owners;
        this.refusals = refusals;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Map<MailAddress, RecipientDecision> decisions;
        try {
            decisions = owners.afterData(mail.getMaybeSender(), mail.getRecipients(), SmtpyBlockListHook.client(session),
                () -> bytes(mail), verdicts(mail), SmtpyScanHook.verdict(mail), true);
        } catch (RuntimeException e) {
            // Rules are built not to throw; should one, the mail goes on as addressed rather than being refused or lost.
            LOGGER.error("Owners' lists and rules failed on mail {}; it is forwarded as addressed", mail.getName(), e);
            return HookResult.DECLINED;
        }
        if (decisions.isEmpty()) {
            // Said even when nothing was decided, so the pipeline does not evaluate (and count) the lists and rules again.
            mail.setAttribute(Attribute.convertToAttribute(DecisionsJson.ATTRIBUTE, DecisionsJson.write(decisions)));
            return HookResult.DECLINED;
        }
        Map<MailAddress, RecipientDecision> refused = new LinkedHashMap<>();
        Map<MailAddress, RecipientDecision> carried = new LinkedHashMap<>();
        decisions.forEach((recipient, decision) -> (decision.refusal().isPresent() ? refused : carried).put(recipient, decision));
        if (!refused.isEmpty() && refused.keySet().containsAll(mail.getRecipients())) {
            for (RecipientDecision decision : refused.values()) {
                refusals.record(session, mail.getMaybeSender(), decision.recipient(), MailEventType.REJECTED,
                    decision.refusal(), decision.refusal().get().text() + " (" + decision.refusedBy() + ")");
            }
            SmtpStatus status = refused.values().iterator().next().refusal().get();
            return SmtpyRcptHook.refusal(status, false);
        }
        if (!refused.isEmpty()) {
            Collection<MailAddress> kept = new ArrayList<>(mail.getRecipients());
            kept.removeAll(refused.keySet());
            mail.setRecipients(kept);
            for (RecipientDecision decision : refused.values()) {
                refusals.record(session, mail.getMaybeSender(), decision.recipient(), MailEventType.DROPPED, Optional.empty(),
                    "refused by " + decision.refusedBy() + " (" + decision.refusal().get().text()
                        + "); the mail was accepted for its other recipients, so it is not delivered to this one");
            }
        }
        mail.setAttribute(Attribute.convertToAttribute(DecisionsJson.ATTRIBUTE, DecisionsJson.write(carried)));
        return HookResult.DECLINED;
    }

    /** The inbound checks' verdicts (set by {@code SmtpyAuthenticationHook} before this hook), none when they did not run. */
    static Verdicts verdicts(Mail mail) {
        return Verdicts.read(method ->
            AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(AuthenticationAttributes.PREFIX + method), String.class));
    }

    static byte[] bytes(Mail mail) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            mail.getMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not read the message", e);
        }
    }
}
