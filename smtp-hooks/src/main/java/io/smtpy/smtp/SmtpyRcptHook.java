package io.smtpy.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.smtpy.core.mailpath.RcptDecision;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.protection.ConnectionGuard;

/**
 * Answers RCPT for recipients on smtpy domains with the decision of {@link RecipientPolicy} (which says what is
 * accepted and what is refused, and why). Listed first in {@code smtpserver.xml}'s handler chain:
 * {@code <handler class="io.smtpy.smtp.SmtpyRcptHook"/>}.
 * <ul>
 *   <li>not ours: DECLINED, James's own checks decide (relay only when authenticated);</li>
 *   <li>accept: OK, which ends the hook chain: that is what keeps James's relay check from refusing an smtpy
 *       recipient sent by an unauthenticated client (James answers its own {@code 250 2.1.5});</li>
 *   <li>refuse: DENY (5xx) or DENYSOFT (4xx) with the decision's code and text, and the connection closed after a
 *       421; each refusal is a {@code rejected} event ({@link RcptRefusals}).</li>
 * </ul>
 * A recipient refused as unknown ({@code 5.1.1}) by a client that may not relay is also told to
 * {@link ConnectionGuard#unknownRecipient}, which slows and then refuses clients probing for addresses
 * ({@link SmtpyProtectionHook}).
 */
public class SmtpyRcptHook implements RcptHook {
    private final RecipientPolicy policy;
    private final RcptRefusals refusals;
    private final ConnectionGuard guard;

    @Inject
    public SmtpyRcptHook(RecipientPolicy policy, RcptRefusals refusals, ConnectionGuard guard) {
        this.policy = policy;
        this.refusals = refusals;
        this.guard = guard;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        RcptDecision decision = policy.decide(recipient);
        switch (decision.verdict()) {
            case ACCEPT:
                return HookResult.OK;
            case REFUSE:
                SmtpStatus status = decision.status().orElseThrow();
                if (status.enhanced().filter("5.1.1"::equals).isPresent() && !session.isRelayingAllowed()) {
                    SmtpyBlockListHook.client(session).ifPresent(guard::unknownRecipient);
                }
                return refusals.refuse(session, sender, recipient, status, decision.disconnect());
            default:
                return HookResult.DECLINED;
        }
    }

    static HookResult refusal(SmtpStatus status, boolean disconnect) {
        return HookResult.builder()
            .hookReturnCode(disconnect
                ? HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT)
                : status.transientFailure() ? HookReturnCode.denySoft() : HookReturnCode.deny())
            .smtpReturnCode(Integer.toString(status.code()))
            .smtpDescription(status.reply())
            .build();
    }
}
