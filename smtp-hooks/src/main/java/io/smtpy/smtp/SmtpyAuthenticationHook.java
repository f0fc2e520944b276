package io.smtpy.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.arc.ArcChainResult;
import io.smtpy.auth.arc.ArcValidator;
import io.smtpy.auth.inbound.AuthenticationAttributes;
import io.smtpy.auth.inbound.AuthenticationResults;
import io.smtpy.auth.inbound.CheckTimeBudget;
import io.smtpy.auth.inbound.InboundAuthentication;
import io.smtpy.auth.inbound.InboundVerdict;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.mailpath.DmarcEnforcement;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;

/**
 * Checks inbound mail for smtpy domains at the end of DATA: SPF, every DKIM signature, DMARC of the author domain,
 * and the ARC chain it arrived with. The verdicts become mail attributes ({@link AuthenticationAttributes}), which
 * {@code SmtpyForward} turns into the Authentication-Results header of the forwarded copies and the ARC sealer into
 * their ARC-Authentication-Results. Listed in {@code smtpserver.xml}'s handler chain:
 * {@code <handler class="io.smtpy.smtp.SmtpyAuthenticationHook"/>}.
 *
 * <p>Mail from a client allowed to relay (authenticated, or an authorized network) is outbound and not checked;
 * neither is mail with no recipient on an smtpy domain, nor any mail when {@code auth.inboundChecks=false}
 * ({@link InboundChecks}): then no verdict attribute is set and the mail flows on.
 *
 * <p>DMARC enforcement, per recipient domain ({@code enforceDmarcReject}), when the author domain fails DMARC and
 * asks {@code p=reject} (after {@code pct}), is decided by {@link DmarcEnforcement}: a mail whose recipients all
 * belong to enforcing domains is refused with {@code 550 5.7.1}; in a mail that also has recipients of other
 * domains, only the enforcing domains' recipients are removed and each gets a {@code dropped} event, the others get
 * the mail. Refusals are {@code rejected} events.
 *
 * <p>All checks of one mail share one time budget ({@code auth.timeBudgetMillis}, {@link CheckTimeBudget}): ARC
 * validation runs beside SPF and DKIM, and a check still running when the budget is spent ends as
 * {@code temperror}, as does DMARC then. The mail goes on: our own timeout never refuses it, and DMARC enforcement
 * only acts on {@code fail}.
 */
public class SmtpyAuthenticationHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyAuthenticationHook.class);

    private final InboundAuthentication authentication;
    private final ArcValidator arc;
    private final AliasDirectory directory;
    private final RcptRefusals refusals;
    private final CheckTimeBudget budget;
    private final InboundChecks checks;

    @Inject
    public SmtpyAuthenticationHook(InboundAuthentication authentication, ArcValidator arc, AliasDirectory directory,
                                   RcptRefusals refusals, CheckTimeBudget budget, InboundChecks checks) {
        this.authentication = authentication;
        this.arc = arc;
        this.directory = directory;
        this.refusals = refusals;
        this.budget = budget;
        this.checks = checks;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (!checks.enabled() || session.isRelayingAllowed()) {
            return HookResult.DECLINED;
        }
        // Each recipient's domain looked up once: whether the mail is checked at all, and who enforces DMARC.
        Map<MailAddress, Domain> smtpyRecipients = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            smtpyDomain(recipient).ifPresent(domain -> smtpyRecipients.put(recipient, domain));
        }
        if (smtpyRecipients.isEmpty()) {
            return HookResult.DECLINED;
        }
        byte[] message;
        try {
            message = bytes(mail);
        } catch (IOException | MessagingException e) {
            LOGGER.error("Could not read mail {} to check its authentication; accepted unchecked", mail.getName(), e);
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse("");
        Optional<String> mailFrom = mail.getMaybeSender().asOptional().map(MailAddress::asString);
        InboundVerdict verdict;
        ArcChainResult chain;
        try {
            CheckTimeBudget.Deadline deadline = budget.start();
            Future<ArcChainResult> chainCheck = deadline.submit(() -> arc.validate(message));
            verdict = authentication.check(client, helo, mailFrom, message, deadline);
            chain = deadline.await(chainCheck, reason -> ArcChainResult.unfinished("ARC validation " + reason));
            if (deadline.ranOut()) {
                LOGGER.warn("Authentication checks of mail {} ran out of their time budget ({}); the unfinished ones are "
                    + "temperror and the mail goes on", mail.getName(), budget);
            }
        } catch (RuntimeException e) {
            // The checks are built not to throw; should one still, the mail is accepted unchecked, never lost.
            LOGGER.error("Authentication checks failed on mail {}; accepted unchecked", mail.getName(), e);
            return HookResult.DECLINED;
        }
        setAttributes(mail, verdict, chain);

        if (verdict.dmarc().rejectRequested()) {
            return enforceDmarc(session, mail, verdict, smtpyRecipients);
        }
        return HookResult.DECLINED;
    }

    private HookResult enforceDmarc(SMTPSession session, Mail mail, InboundVerdict verdict,
                                    Map<MailAddress, Domain> smtpyRecipients) {
        DmarcEnforcement enforcement = DmarcEnforcement.decide(mail.getRecipients(), smtpyRecipients,
            verdict.dmarc().headerFrom().orElse("the author domain"));
        switch (enforcement.action()) {
            case REFUSE_MESSAGE:
                for (MailAddress recipient : enforcement.enforced()) {
                    refusals.record(session, mail.getMaybeSender(), recipient, MailEventType.REJECTED,
                        Optional.of(enforcement.status()), enforcement.status().text());
                }
                return SmtpyRcptHook.refusal(enforcement.status(), false);
            case DROP_RECIPIENTS:
                Collection<MailAddress> kept = new ArrayList<>(mail.getRecipients());
                kept.removeAll(enforcement.enforced());
                mail.setRecipients(kept);
                for (MailAddress recipient : enforcement.enforced()) {
                    refusals.record(session, mail.getMaybeSender(), recipient, MailEventType.DROPPED, Optional.empty(),
                        enforcement.dropReason());
                }
                return HookResult.DECLINED;
            default:
                return HookResult.DECLINED;
        }
    }

    private Optional<Domain> smtpyDomain(MailAddress recipient) {
        try {
            return directory.indexedDomain(DomainName.of(recipient.getDomain().asString()));
        } catch (IllegalArgumentException notADomainName) {
            return Optional.empty();
        }
    }

    private static void setAttributes(Mail mail, InboundVerdict verdict, ArcChainResult chain) {
        Optional<AuthStatus> arcStatus = Optional.of(chain.status());
        set(mail, AuthenticationAttributes.RESULTS, AuthenticationResults.results(verdict, arcStatus));
        set(mail, AuthenticationAttributes.SPF, verdict.spf().status().token());
        set(mail, AuthenticationAttributes.DKIM, dkimSummary(verdict.dkim()));
        set(mail, AuthenticationAttributes.DMARC, verdict.dmarc().status().token());
        verdict.dmarc().requestedPolicy().ifPresent(policy -> set(mail, AuthenticationAttributes.DMARC_POLICY, policy.token()));
        set(mail, AuthenticationAttributes.DMARC_DISPOSITION, verdict.dmarc().disposition().token());
        set(mail, AuthenticationAttributes.ARC, chain.status().token());
        set(mail, AuthenticationAttributes.ARC_CHAIN, chain.summary());
    }

    private static String dkimSummary(List<DkimVerdict> verdicts) {
        if (verdicts.stream().anyMatch(verdict -> verdict.status() == AuthStatus.PASS)) {
            return AuthStatus.PASS.token();
        }
        return verdicts.stream().findFirst().map(verdict -> verdict.status().token()).orElse(AuthStatus.NONE.token());
    }

    private static void set(Mail mail, String name, String value) {
        mail.setAttribute(Attribute.convertToAttribute(name, value));
    }

    /** Nothing has changed the message yet: writing it out gives the bytes as received (with James's Received line). */
    private static byte[] bytes(Mail mail) throws IOException, MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }
}
