package io.smtpy.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.srs.Reversal;

/**
 * Decides at RCPT time for recipients on smtpy domains, so that nothing is accepted that would later bounce
 * (no backscatter). Listed first in {@code smtpserver.xml}'s handler chain:
 * {@code <handler class="io.smtpy.smtp.SmtpyRcptHook"/>}.
 * <ul>
 *   <li>not an smtpy domain: DECLINED, James's own checks decide (relay only when authenticated);</li>
 *   <li>the domain's DMARC report address ({@link DmarcReportAddress}): accepted, whatever aliases and catch-all say;
 *       the pipeline stores the report instead of forwarding it;</li>
 *   <li>an SRS address of an smtpy domain: accepted when its hash and age check out, else {@code 550 5.1.1};</li>
 *   <li>a recipient that resolves (alias, regex alias, catch-all): accepted ({@code 250});</li>
 *   <li>a catch-all exception: reject {@code 550 5.1.1}, defer {@code 421 4.7.0} (and the connection closes, as 421
 *       means), drop: accepted, the pipeline discards it and records it;</li>
 *   <li>unknown, disabled or expired: {@code 550 5.1.1}.</li>
 * </ul>
 * Accepting with OK ends the hook chain, which is what keeps James's relay check from refusing an smtpy
 * recipient sent by an unauthenticated client.
 */
public class SmtpyRcptHook implements RcptHook {
    private final AliasResolver resolver;
    private final AliasExpansion expansion;
    private final RcptRefusals refusals;
    private final DmarcReportAddress reportAddress;

    @Inject
    public SmtpyRcptHook(AliasResolver resolver, AliasExpansion expansion, RcptRefusals refusals, DmarcReportAddress reportAddress) {
        this.resolver = resolver;
        this.expansion = expansion;
        this.refusals = refusals;
        this.reportAddress = reportAddress;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Resolution resolution = resolver.resolve(recipient);
        if (resolution.outcome() == Resolution.Outcome.NOT_SMTPY_DOMAIN) {
            return HookResult.DECLINED;
        }
        if (reportAddress.isReportAddress(recipient)) {
            return HookResult.OK;
        }
        if (expansion.isSrs(recipient)) {
            Reversal reversal = expansion.returnAddress(recipient);
            if (reversal.isReversed()) {
                return HookResult.OK;
            }
            return refusals.refuse(session, sender, recipient, "550", "5.1.1",
                "invalid or expired return address (" + AliasExpansion.reasonOf(reversal) + ")", false);
        }
        if (resolution.forwards()) {
            return HookResult.OK;
        }
        if (resolution.outcome() == Resolution.Outcome.CATCH_ALL_EXCEPTION) {
            ExceptionAction action = resolution.action().orElse(ExceptionAction.REJECT);
            switch (action) {
                case DROP:
                    return HookResult.OK;
                case DEFER:
                    return refusals.refuse(session, sender, recipient, "421", "4.7.0",
                        "mail for this address is not accepted now, try again later", true);
                default:
                    return refusals.refuse(session, sender, recipient, "550", "5.1.1", "no such recipient here", false);
            }
        }
        return refusals.refuse(session, sender, recipient, "550", "5.1.1", "no such recipient here", false);
    }

    static HookResult refusal(String code, String enhancedStatus, String text, boolean disconnect) {
        return HookResult.builder()
            .hookReturnCode(disconnect
                ? HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT)
                : code.startsWith("4") ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(enhancedStatus + " " + text)
            .build();
    }
}
