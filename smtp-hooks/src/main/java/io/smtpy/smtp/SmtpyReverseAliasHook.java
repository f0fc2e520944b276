package io.smtpy.smtp;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasToken;
import io.smtpy.sending.reverse.ReverseAliases;

/**
 * Answers RCPT for reverse alias addresses ({@code ra+<token>@<domain>}, {@link ReverseAliasToken}): OK (ending the
 * chain, like {@link SmtpyRcptHook}) when the token is known, enabled, of that domain, and its alias still forwards;
 * {@code 550 5.1.1} otherwise, a {@code rejected} event. Whether the mail really is a reply from the alias's mailbox is
 * only known at the end of DATA ({@link SmtpyReplyHook}). Other addresses: DECLINED. One indexed read per such RCPT.
 *
 * <p>In {@code smtpserver.xml}'s MX handler chain, just before {@code SmtpyRcptHook}:
 * {@code <handler class="io.smtpy.smtp.SmtpyReverseAliasHook"/>}.
 */
public class SmtpyReverseAliasHook implements RcptHook {
    static final SmtpStatus UNKNOWN = SmtpStatus.of(550, "5.1.1", "no such recipient here");

    private final ReverseAliases reverseAliases;
    private final AliasResolver resolver;
    private final RcptRefusals refusals;

    @Inject
    public SmtpyReverseAliasHook(ReverseAliases reverseAliases, AliasResolver resolver, RcptRefusals refusals) {
        this.reverseAliases = reverseAliases;
        this.resolver = resolver;
        this.refusals = refusals;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        if (ReverseAliasToken.of(recipient).isEmpty() || resolver.resolve(recipient).outcome()
                == io.smtpy.core.directory.Resolution.Outcome.NOT_SMTPY_DOMAIN) {
            return HookResult.DECLINED;
        }
        Optional<ReverseAlias> reverse = reverseAliases.ofAddress(recipient);
        if (reverse.isPresent() && reverse.get().enabled() && resolver.resolve(reverse.get().aliasAddress()).forwards()) {
            return HookResult.OK;
        }
        String why = reverse.isEmpty() ? "unknown reverse alias"
            : reverse.get().enabled() ? "the alias of reverse alias " + reverse.get().id().asString() + " no longer forwards"
            : "reverse alias " + reverse.get().id().asString() + " is disabled";
        Optional<LocalPart> alias = reverse.map(ReverseAlias::alias);
        refusals.record(session, sender, recipient, alias, MailEventType.REJECTED, Optional.of(UNKNOWN), UNKNOWN.text() + " (" + why + ")");
        return SmtpyRcptHook.refusal(UNKNOWN, false);
    }
}
