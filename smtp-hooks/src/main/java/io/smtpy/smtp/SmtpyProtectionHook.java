package io.smtpy.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.DomainName;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.GuardDecision;

/**
 * Connection-level protection at RCPT, as {@link ConnectionGuard} decides: a client listed by a DNS blocklist gets
 * {@code 554 5.7.1 client address listed by <zone>} for every recipient (the blocklists are asked once per SMTP
 * session, the answer kept in the session's connection state); a client probing unknown recipients waits before each
 * further reply (a sleep in this hook, as James's {@code TarpitHandler} does, bounded by {@code protection.probes.maxDelayMillis}),
 * then gets {@code 421 4.7.0} and is disconnected. Clients that may relay (authenticated, or in James's
 * {@code authorizedAddresses}) and the trusted networks are left alone. A refusal of a recipient on an smtpy domain is
 * a {@code rejected} event of that domain ({@link RcptRefusals}).
 *
 * <p>Listed first in {@code smtpserver.xml}'s handler chain, before {@code MaxRcptHandler}, so that every recipient
 * is seen: {@code <handler class="io.smtpy.smtp.SmtpyProtectionHook"/>}. Unknown recipients are counted by
 * {@link SmtpyRcptHook}, which refuses them.
 */
public class SmtpyProtectionHook implements RcptHook {
    static final ProtocolSession.AttachmentKey<GuardDecision> AT_CONNECT =
        ProtocolSession.AttachmentKey.of("io.smtpy.protection.atConnect", GuardDecision.class);

    /** Holds a reply back; a test replaces the sleep. */
    interface Pause {
        void hold(Duration duration) throws InterruptedException;
    }

    private final ConnectionGuard guard;
    private final RcptRefusals refusals;
    private final AliasDirectory directory;
    private final Pause pause;

    @Inject
    public SmtpyProtectionHook(ConnectionGuard guard, RcptRefusals refusals, AliasDirectory directory) {
        this(guard, refusals, directory, duration -> Thread.sleep(duration.toMillis()));
    }

    SmtpyProtectionHook(ConnectionGuard guard, RcptRefusals refusals, AliasDirectory directory, Pause pause) {
        this.guard = guard;
        this.refusals = refusals;
        this.directory = directory;
        this.pause = pause;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
        Optional<InetAddress> client = SmtpyBlockListHook.client(session);
        if (client.isEmpty() || session.isRelayingAllowed()) {
            return HookResult.DECLINED;
        }
        GuardDecision atConnect = session.getAttachment(AT_CONNECT, ProtocolSession.State.Connection).orElseGet(() -> {
            GuardDecision decision = guard.atConnect(client.get());
            session.setAttachment(AT_CONNECT, decision, ProtocolSession.State.Connection);
            return decision;
        });
        if (atConnect.kind() == GuardDecision.Kind.REFUSE) {
            return refuse(session, sender, recipient, atConnect);
        }
        GuardDecision atRcpt = guard.atRcpt(client.get());
        if (atRcpt.kind() == GuardDecision.Kind.REFUSE) {
            return refuse(session, sender, recipient, atRcpt);
        }
        if (atRcpt.kind() == GuardDecision.Kind.DELAY) {
            try {
                pause.hold(atRcpt.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return HookResult.DECLINED;
    }

    /** An event for the domain's owner when the recipient is on an smtpy domain; other domains' refusals are not ours to record. */
    private HookResult refuse(SMTPSession session, MaybeSender sender, MailAddress recipient, GuardDecision decision) {
        if (ours(recipient)) {
            return refusals.refuse(session, sender, recipient, decision.status().orElseThrow(), decision.disconnect(), decision.reason());
        }
        return SmtpyRcptHook.refusal(decision.status().orElseThrow(), decision.disconnect());
    }

    private boolean ours(MailAddress recipient) {
        try {
            return directory.indexedDomain(DomainName.of(recipient.getDomain().asString())).isPresent();
        } catch (IllegalArgumentException e) {
            // an address literal ([192.0.2.1]) is no smtpy domain
            return false;
        }
    }
}
