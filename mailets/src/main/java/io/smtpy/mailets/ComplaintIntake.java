package io.smtpy.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.bounces.FeedbackReport;
import io.smtpy.bounces.ReturnedMail;
import io.smtpy.core.model.DomainName;
import io.smtpy.suppression.Complaints;

/**
 * Takes what arrives at the operator's complaints address ({@code IsComplaintsRecipient}): an ARF report (RFC 5965)
 * about a copy smtpy forwarded goes to {@link Complaints} for the domain the returned message's trace field names (a
 * {@code complained} event, the destination suppressed). The mail is finished ({@code ghost}) for these recipients
 * whatever it was: a complaints address receives reports, nothing to forward. What could not be tied to an smtpy
 * domain is logged (its mail name and why, no address) and dropped.
 *
 * <p>{@code <mailet match="io.smtpy.matchers.IsComplaintsRecipient" class="io.smtpy.mailets.ComplaintIntake"/>}
 */
public class ComplaintIntake extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ComplaintIntake.class);

    private final Complaints complaints;

    @Inject
    public ComplaintIntake(Complaints complaints) {
        this.complaints = complaints;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            take(mail);
        } finally {
            mail.setState(Mail.GHOST);
        }
    }

    private void take(Mail mail) throws MessagingException {
        ReturnedMail returned = ReturnedMail.read(RawMessages.bytes(mail.getMessage()));
        if (returned.kind() != ReturnedMail.Kind.FEEDBACK_REPORT || returned.feedbackReport().isEmpty()) {
            LOGGER.info("Mail {} to the complaints address is not an ARF report ({}); dropped", mail.getName(), returned.kind());
            return;
        }
        FeedbackReport report = returned.feedbackReport().get();
        Optional<DomainName> domain = report.original().forwardingDomain().flatMap(ComplaintIntake::domain);
        if (domain.isEmpty()) {
            LOGGER.info("Complaint {} names no message smtpy forwarded (no trace field); dropped", mail.getName());
            return;
        }
        String reporter = report.userAgent().orElse(mail.getMaybeSender().asString());
        try {
            if (complaints.take(domain.get(), report, reporter).isEmpty()) {
                LOGGER.info("Complaint {} is not a valid ARF report ({}); dropped", mail.getName(),
                    report.invalidReason().orElse("invalid"));
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Could not take complaint {}", mail.getName(), e);
        }
    }

    private static Optional<DomainName> domain(String name) {
        try {
            return Optional.of(DomainName.of(name));
        } catch (IllegalArgumentException notADomain) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "smtpy complaints: ARF reports at the operator's complaints address";
    }
}
