package io.smtpy.auth.inbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.auth.AuthStatus;
import io.smtpy.auth.DkimVerdict;
import io.smtpy.auth.DkimVerification;
import io.smtpy.auth.dmarc.AuthorDomain;
import io.smtpy.auth.dmarc.DmarcEvaluation;
import io.smtpy.auth.dmarc.DmarcVerdict;
import io.smtpy.auth.spf.SpfCheck;
import io.smtpy.auth.spf.SpfIdentity;
import io.smtpy.auth.spf.SpfVerdict;

/**
 * Authenticates one received message the way a receiving MTA does: SPF of the SMTP transaction, every DKIM
 * signature of the message, then DMARC over both for its From domain. The result feeds the
 * {@code Authentication-Results} header ({@link AuthenticationResults}) and the decision to reject or quarantine.
 *
 * <p>Never throws: a failure inside one step (a DKIM verifier bug, say) becomes that step's {@code temperror}, so
 * mail is not lost to an exception in the mail path.
 *
 * <p>Within a {@link CheckTimeBudget.Deadline}, SPF and DKIM run side by side and DMARC after them; a step not done
 * at the deadline is {@code temperror} ("not finished within the time budget"), and DMARC then is too (it never
 * runs on a result that is missing), so a slow resolver never makes a message fail DMARC.
 */
public class InboundAuthentication {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboundAuthentication.class);

    private final SpfCheck spf;
    private final DkimVerification dkim;
    private final DmarcEvaluation dmarc;

    public InboundAuthentication(SpfCheck spf, DkimVerification dkim, DmarcEvaluation dmarc) {
        this.spf = Objects.requireNonNull(spf, "spf");
        this.dkim = Objects.requireNonNull(dkim, "dkim");
        this.dmarc = Objects.requireNonNull(dmarc, "dmarc");
    }

    /**
     * @param client the SMTP client's address
     * @param helo its HELO/EHLO argument (null or empty when it sent none)
     * @param mailFrom the MAIL FROM address; empty for the null sender {@code <>}
     * @param message the whole message as received, CRLF line ends
     */
    public InboundVerdict check(InetAddress client, String helo, Optional<String> mailFrom, byte[] message) {
        return check(client, helo, mailFrom, message, CheckTimeBudget.unbounded().start());
    }

    /**
     * As {@link #check(InetAddress, String, Optional, byte[])}, each step ending by {@code deadline}.
     *
     * @param deadline from {@link CheckTimeBudget#start()}, taken when the mail's checks began
     */
    public InboundVerdict check(InetAddress client, String helo, Optional<String> mailFrom, byte[] message,
                                CheckTimeBudget.Deadline deadline) {
        byte[] bytes = message == null ? new byte[0] : message;
        Optional<String> sender = mailFrom == null ? Optional.empty() : mailFrom;
        Future<SpfVerdict> spfCheck = deadline.submit(() -> checkSpf(client, helo, sender));
        Future<List<DkimVerdict>> dkimCheck = deadline.submit(() -> verifyDkim(bytes));
        SpfVerdict spfVerdict = deadline.await(spfCheck, reason -> spfTemperror(sender, "SPF check " + reason));
        List<DkimVerdict> dkimVerdicts = deadline.await(dkimCheck, reason ->
            List.of(new DkimVerdict(AuthStatus.TEMPERROR, "", "", "", Optional.of("DKIM verification " + reason))));
        Future<DmarcVerdict> dmarcCheck = deadline.submit(() -> evaluateDmarc(bytes, spfVerdict, dkimVerdicts));
        DmarcVerdict dmarcVerdict = deadline.await(dmarcCheck, reason -> dmarcTemperror(bytes, "DMARC evaluation " + reason));
        return new InboundVerdict(spfVerdict, dkimVerdicts, dmarcVerdict);
    }

    private SpfVerdict checkSpf(InetAddress client, String helo, Optional<String> mailFrom) {
        try {
            return spf.check(client, helo, mailFrom);
        } catch (RuntimeException e) {
            LOGGER.warn("SPF check failed", e);
            return spfTemperror(mailFrom, "SPF check failed: " + e);
        }
    }

    private static SpfVerdict spfTemperror(Optional<String> mailFrom, String reason) {
        return new SpfVerdict(AuthStatus.TEMPERROR, mailFrom.isPresent() ? SpfIdentity.MAILFROM : SpfIdentity.HELO,
            "", Optional.empty(), Optional.of(reason));
    }

    /** The Author Domain is read from the header block, without DNS, so the header still names it. */
    private static DmarcVerdict dmarcTemperror(byte[] message, String reason) {
        DmarcVerdict.Builder verdict = DmarcVerdict.builder(AuthStatus.TEMPERROR).reason(reason);
        try {
            AuthorDomain.fromMessage(message).domain().ifPresent(verdict::headerFrom);
        } catch (RuntimeException e) {
            LOGGER.debug("No Author Domain for the DMARC stand-in", e);
        }
        return verdict.build();
    }

    private List<DkimVerdict> verifyDkim(byte[] message) {
        try {
            List<DkimVerdict> verdicts = dkim.verify(message);
            List<DkimVerdict> kept = new ArrayList<>();
            if (verdicts != null) {
                verdicts.stream().filter(Objects::nonNull).forEach(kept::add);
            }
            return kept;
        } catch (RuntimeException e) {
            LOGGER.warn("DKIM verification failed", e);
            return List.of(new DkimVerdict(AuthStatus.TEMPERROR, "", "", "", Optional.of("DKIM verification failed")));
        }
    }

    private DmarcVerdict evaluateDmarc(byte[] message, SpfVerdict spfVerdict, List<DkimVerdict> dkimVerdicts) {
        try {
            return dmarc.evaluate(message, spfVerdict, dkimVerdicts);
        } catch (RuntimeException e) {
            LOGGER.warn("DMARC evaluation failed", e);
            return DmarcVerdict.builder(AuthStatus.TEMPERROR).reason("DMARC evaluation failed").build();
        }
    }
}
