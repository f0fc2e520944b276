package io.smtpy.smtp;

import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Suppliers;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.rules.mailpath.OwnerDecisions;
import io.smtpy.rules.mailpath.ScanNeeds;
import io.smtpy.scan.MessageScanner;
import io.smtpy.scan.OutboundScanPolicy;
import io.smtpy.sending.SubmissionAttributes;
import io.smtpy.scan.ScanPolicy;
import io.smtpy.scan.ScanVerdict;
import io.smtpy.scan.ScanVerdictCodec;
import io.smtpy.scan.SpamVerdict;
import io.smtpy.scan.VirusVerdict;

/**
 * At the end of DATA, before smtpy answers, has the message scanned by spamd and clamd ({@link MessageScanner}) once,
 * whatever the number of recipients, and leaves the verdict in the mail attribute {@value #ATTRIBUTE} for
 * {@code SmtpyRulesHook}, which applies each recipient domain's spam and virus policy with its lists and rules. Listed
 * after {@code SmtpyAuthenticationHook} and before {@code SmtpyRulesHook} in {@code smtpserver.xml}:
 * {@code <handler class="io.smtpy.smtp.SmtpyScanHook"/>}.
 * <ul>
 *   <li>inbound mail: scanned for what its recipients' domains want ({@link OwnerDecisions#scanNeeds}: spam unless the
 *       sender is allow-listed, viruses always); nothing for mail to no smtpy domain;</li>
 *   <li>a scanner that cannot answer and whose setting is {@code defer}: {@code 451 4.7.1} for the whole message, so the
 *       sending server retries (each smtpy recipient gets a {@code rejected} event saying why); with {@code pass}, the
 *       mail goes on marked, and each smtpy recipient gets an {@code unscanned} event;</li>
 *   <li>mail from a client allowed to relay (authenticated, an authorized network): the outbound check
 *       ({@link OutboundScanPolicy}) refuses a virus or a score at or over {@code outbound.spam.threshold} before 250;
 *       an owner's submission (an SMTP credential) over the threshold is accepted and marked
 *       {@link SubmissionAttributes#HELD} instead, to be held for their review.</li>
 * </ul>
 * Counters in James's metrics: {@code smtpy_scan_deferred}, {@code smtpy_scan_passed_unscanned},
 * {@code smtpy_scan_infected}, {@code smtpy_scan_outbound_refused}.
 */
public class SmtpyScanHook implements JamesMessageHook {
    /** The mail attribute holding the verdict ({@link ScanVerdictCodec}'s text). */
    public static final String ATTRIBUTE = ScanVerdictCodec.ATTRIBUTE;
    private static final AttributeName NAME = AttributeName.of(ATTRIBUTE);
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyScanHook.class);

    private final MessageScanner scanner;
    private final ScanPolicy policy;
    private final OutboundScanPolicy outbound;
    private final OwnerDecisions owners;
    private final RcptRefusals refusals;
    private final MetricFactory metrics;

    @Inject
    public SmtpyScanHook(MessageScanner scanner, ScanPolicy policy, OutboundScanPolicy outbound, OwnerDecisions owners,
                         RcptRefusals refusals, MetricFactory metrics) {
        this.scanner = scanner;
        this.policy = policy;
        this.outbound = outbound;
        this.owners = owners;
        this.refusals = refusals;
        this.metrics = metrics;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (!scanner.scoresSpam() && !scanner.scansViruses()) {
            return HookResult.DECLINED;
        }
        Supplier<byte[]> bytes = Suppliers.memoize(() -> SmtpyRulesHook.bytes(mail));
        if (session.isRelayingAllowed()) {
            return outbound(session, mail, bytes.get());
        }
        ScanNeeds needs = owners.scanNeeds(mail.getMaybeSender(), mail.getRecipients(), SmtpyBlockListHook.client(session), bytes);
        if (!needs.any()) {
            return HookResult.DECLINED;
        }
        ScanVerdict verdict = scanner.scan(bytes.get(), needs.spam() && scanner.scoresSpam(), needs.virus() && scanner.scansViruses());
        Optional<SmtpStatus> deferral = policy.deferral(verdict);
        if (deferral.isPresent()) {
            metrics.generate("smtpy_scan_deferred").increment();
            LOGGER.warn("Mail {} deferred: {}", mail.getName(), verdict);
            recordForSmtpyRecipients(session, mail, MailEventType.REJECTED, deferral, "not scanned (" + unavailable(verdict)
                + "); the sender was asked to retry");
            return SmtpyRcptHook.refusal(deferral.get(), false);
        }
        if (isUnavailable(verdict)) {
            metrics.generate("smtpy_scan_passed_unscanned").increment();
            recordForSmtpyRecipients(session, mail, MailEventType.UNSCANNED, Optional.empty(),
                "accepted without a scan (" + unavailable(verdict) + "): the scanner's setting passes such mail");
        }
        if (verdict.virus().infected()) {
            metrics.generate("smtpy_scan_infected").increment();
        }
        mail.setAttribute(Attribute.convertToAttribute(ATTRIBUTE, ScanVerdictCodec.write(verdict)));
        return HookResult.DECLINED;
    }

    private HookResult outbound(SMTPSession session, Mail mail, byte[] bytes) {
        OutboundScanPolicy.Decision decision = outbound.check(bytes);
        if (decision.spamOnly() && session.getAttachment(SmtpySubmissionHook.CREDENTIAL, ProtocolSession.State.Connection).isPresent()) {
            // An owner's submission over the threshold is held for their review (SmtpySubmission puts it in the
            // quarantine), not refused: they see why and may release it.
            metrics.generate("smtpy_scan_outbound_held").increment();
            mail.setAttribute(Attribute.convertToAttribute(SubmissionAttributes.HELD, "spam score "
                + decision.verdict().spam().score() + " at or over the outbound threshold " + outbound.threshold()));
            mail.setAttribute(Attribute.convertToAttribute(ATTRIBUTE, ScanVerdictCodec.write(decision.verdict())));
            return HookResult.DECLINED;
        }
        if (decision.refusal().isPresent()) {
            metrics.generate("smtpy_scan_outbound_refused").increment();
            LOGGER.info("Submission {} in session {} refused: {}", mail.getName(), session.getSessionID(), decision.verdict());
            return SmtpyRcptHook.refusal(decision.refusal().get(), false);
        }
        mail.setAttribute(Attribute.convertToAttribute(ATTRIBUTE, ScanVerdictCodec.write(decision.verdict())));
        return HookResult.DECLINED;
    }

    /** The verdict {@link SmtpyScanHook} left on a mail; not scanned when there is none (or it cannot be read). */
    public static ScanVerdict verdict(Mail mail) {
        Optional<String> text = AttributeUtils.getValueAndCastFromMail(mail, NAME, String.class);
        if (text.isEmpty()) {
            return ScanVerdict.NOT_SCANNED;
        }
        try {
            return ScanVerdictCodec.read(text.get());
        } catch (IllegalArgumentException e) {
            LOGGER.error("Mail {} carries an unreadable scan verdict '{}'; read as not scanned", mail.getName(), text.get(), e);
            return ScanVerdict.NOT_SCANNED;
        }
    }

    private void recordForSmtpyRecipients(SMTPSession session, Mail mail, MailEventType type, Optional<SmtpStatus> status, String text) {
        for (MailAddress recipient : mail.getRecipients()) {
            if (owners.isOwnersRecipient(recipient)) {
                refusals.record(session, mail.getMaybeSender(), recipient, type, status, text);
            }
        }
    }

    private static boolean isUnavailable(ScanVerdict verdict) {
        return verdict.spam().state() == SpamVerdict.State.UNAVAILABLE || verdict.virus().state() == VirusVerdict.State.UNAVAILABLE;
    }

    private static String unavailable(ScanVerdict verdict) {
        StringBuilder text = new StringBuilder();
        if (verdict.spam().state() == SpamVerdict.State.UNAVAILABLE) {
            text.append(verdict.spam().detail());
        }
        if (verdict.virus().state() == VirusVerdict.State.UNAVAILABLE) {
            text.append(text.length() > 0 ? "; " : "").append(verdict.virus().detail());
        }
        return text.toString();
    }
}
