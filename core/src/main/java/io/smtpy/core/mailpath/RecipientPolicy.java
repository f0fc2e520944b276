package io.smtpy.core.mailpath;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import io.smtpy.core.cluster.StoreHealth;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.Reversal;

/**
 * Decides at RCPT for one recipient, so that nothing is accepted that would later bounce (no backscatter):
 * <ul>
 *   <li>not an smtpy domain: not ours, James's own checks decide (relay only when authenticated);</li>
 *   <li>the domain's DMARC report address ({@link DmarcReportAddress}): accepted, whatever aliases and catch-all say;</li>
 *   <li>the operator's complaints address ({@link ComplaintsAddress}), when it is on an smtpy domain: accepted, likewise;</li>
 *   <li>an SRS address of an smtpy domain: accepted when its hash and age check out, else {@code 550 5.1.1};</li>
 *   <li>a recipient that resolves (alias, regex alias, catch-all): accepted;</li>
 *   <li>a catch-all exception: reject {@code 550 5.1.1}, defer {@code 421 4.7.0} (and the connection closes, as 421
 *       means), drop: accepted, the pipeline discards it and records it;</li>
 *   <li>unknown, disabled or expired: {@code 550 5.1.1};</li>
 *   <li>any recipient on an smtpy domain while the store the nodes share does not answer ({@link StoreHealth}):
 *       {@code 451 4.3.0}, so that the sender keeps the mail and tries again.</li>
 * </ul>
 * Reads only the in-memory index: it runs for every RCPT.
 */
public class RecipientPolicy {
    static final SmtpStatus NO_SUCH_RECIPIENT = SmtpStatus.of(550, "5.1.1", "no such recipient here");
    static final SmtpStatus TRY_LATER = SmtpStatus.of(421, "4.7.0", "mail for this address is not accepted now, try again later");
    static final SmtpStatus STORE_UNAVAILABLE = SmtpStatus.of(451, "4.3.0", "temporarily unable to accept mail, try again later");

    private final AliasResolver resolver;
    private final AliasExpansion expansion;
    private final DmarcReportAddress reportAddress;
    private final ComplaintsAddress complaintsAddress;
    private final StoreHealth storeHealth;

    public RecipientPolicy(AliasResolver resolver, AliasExpansion expansion, DmarcReportAddress reportAddress) {
        this(resolver, expansion, reportAddress, ComplaintsAddress.NONE);
    }

    public RecipientPolicy(AliasResolver resolver, AliasExpansion expansion, DmarcReportAddress reportAddress,
                           ComplaintsAddress complaintsAddress) {
        this(resolver, expansion, reportAddress, complaintsAddress, new StoreHealth());
    }

    @Inject
    public RecipientPolicy(AliasResolver resolver, AliasExpansion expansion, DmarcReportAddress reportAddress,
                           ComplaintsAddress complaintsAddress, StoreHealth storeHealth) {
        this.resolver = resolver;
        this.expansion = expansion;
        this.reportAddress = reportAddress;
        this.complaintsAddress = complaintsAddress;
        this.storeHealth = storeHealth;
    }

    public RcptDecision decide(MailAddress recipient) {
        Resolution resolution = resolver.resolve(recipient);
        if (resolution.outcome() == Resolution.Outcome.NOT_SMTPY_DOMAIN) {
            return RcptDecision.notOurs();
        }
        if (storeHealth.problem().isPresent()) {
            return RcptDecision.refuse(STORE_UNAVAILABLE);
        }
        if (reportAddress.isReportAddress(recipient)) {
            return RcptDecision.accept(MatchedBy.DMARC_REPORT_ADDRESS, recipient.getDomain().asString());
        }
        if (complaintsAddress.is(recipient)) {
            return RcptDecision.accept(MatchedBy.COMPLAINTS_ADDRESS, recipient.asString());
        }
        if (expansion.isSrs(recipient)) {
            Reversal reversal = expansion.returnAddress(recipient);
            if (reversal.isReversed()) {
                return RcptDecision.accept(MatchedBy.SRS_RETURN_ADDRESS, reversal.address().get().asString());
            }
            return RcptDecision.refuse(SmtpStatus.of(550, "5.1.1",
                "invalid or expired return address (" + AliasExpansion.reasonOf(reversal) + ")"));
        }
        if (resolution.forwards()) {
            return RcptDecision.accept(MatchedBy.forwarding(resolution).orElseThrow(), resolution.matched().orElse(""));
        }
        if (resolution.outcome() == Resolution.Outcome.CATCH_ALL_EXCEPTION) {
            switch (resolution.action().orElse(ExceptionAction.REJECT)) {
                case DROP:
                    return RcptDecision.accept(MatchedBy.CATCH_ALL_DROP, resolution.matched().orElse(""));
                case DEFER:
                    return RcptDecision.refuseAndDisconnect(TRY_LATER);
                default:
                    return RcptDecision.refuse(NO_SUCH_RECIPIENT);
            }
        }
        return RcptDecision.refuse(NO_SUCH_RECIPIENT);
    }

    /** Whether smtpy is responsible for this recipient (it is on an smtpy domain): what the pipeline's matcher asks. */
    public boolean isSmtpyRecipient(MailAddress recipient) {
        return expansion.isSmtpyRecipient(recipient);
    }
}
