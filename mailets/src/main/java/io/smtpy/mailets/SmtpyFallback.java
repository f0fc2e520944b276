package io.smtpy.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.bounces.BounceClassifier;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.suppression.Suppressions;

/**
 * Sends a copy that a destination refused for good on to the alias's next fallback ({@link FallbackPolicy} decides),
 * instead of bouncing it. Put it at the top of RemoteDelivery's {@code bounceProcessor}, before
 * {@code RecordDeliveryOutcome}:
 * {@code <mailet match="All" class="io.smtpy.mailets.SmtpyFallback"><relayProcessor>relay</relayProcessor></mailet>}.
 *
 * <p>The copy goes to {@code relayProcessor} with the same envelope sender and bytes, signed already (the ARC set and
 * DKIM signature cover the message, not the envelope), so it asks the signers for nothing more. Recipients that got a
 * fallback leave this mail; when none is left it ends here ({@code ghost}), otherwise the rest bounce as before.
 * Each fallback is a {@code fallback} event naming the failed address, the remote reply and the next address; the
 * failed address is reported to {@link Suppressions} (a permanent failure of the mailbox suppresses it).
 */
public class SmtpyFallback extends GenericMailet {
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final FallbackCopies fallbacks;
    private final SuppressionReports suppressions;
    private String relayProcessor;

    @Inject
    public SmtpyFallback(FallbackPolicy policy, MailEvents events, Clock clock, Suppressions suppressions) {
        this.fallbacks = new FallbackCopies(policy, events, clock);
        this.suppressions = new SuppressionReports(suppressions);
    }

    @Override
    public void init() {
        relayProcessor = getInitParameter("relayProcessor", "relay");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String reply = AttributeUtils.getValueAndCastFromMail(mail, DELIVERY_ERROR, String.class).orElse("refused");
        Collection<MailAddress> remaining = fallbacks.divert(mail, getMailetContext(), relayProcessor, reply);
        if (remaining.size() == mail.getRecipients().size()) {
            return;
        }
        // The recipients that go to a fallback leave this mail before RecordDeliveryOutcome sees it: their failure is
        // told to the suppression policy here.
        List<MailAddress> diverted = new ArrayList<>(mail.getRecipients());
        diverted.removeAll(remaining);
        suppressions.failed(mail, diverted, BounceClassifier.classify(reply), reply);
        if (remaining.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(remaining);
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy fallback destinations: a copy refused for good goes to the alias's next fallback";
    }
}
