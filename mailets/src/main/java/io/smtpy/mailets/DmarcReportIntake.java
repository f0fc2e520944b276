package io.smtpy.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.dmarc.ReportIntake;
import io.smtpy.core.dmarc.ReportParseException;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;

/**
 * Keeps the DMARC aggregate reports sent to a domain's report address instead of forwarding them. Put it behind
 * {@code IsDmarcReportRecipient} in the {@code transport} processor, before {@code IsSmtpyRecipient}. No parameters.
 *
 * <p>For each recipient, every leaf MIME part of the mail (the attachment, or the body itself; at most
 * {@value #MAX_PARTS} parts, {@value #MAX_DEPTH} levels of multipart) is handed to core's {@link ReportIntake},
 * which tells the format by the first bytes (content types and file names are not trusted), parses within
 * the default limits and stores the report in the recipient domain's repository. Parts that are no report (the
 * "this is a DMARC report" text) are passed over.
 *
 * <p>Events: {@code report-stored} per report kept (a resent one says "already stored" and is not counted twice);
 * {@code report-rejected}, with the parser's reason, when the mail held no acceptable report. The mail is then
 * finished ({@code ghost}) for these recipients whatever happened: a hostile or broken report is never forwarded,
 * and no failure of it reaches James's error processor.
 */
public class DmarcReportIntake extends GenericMailet {
    static final int MAX_PARTS = 32;
    static final int MAX_DEPTH = 8;
    private static final Logger LOGGER = LoggerFactory.getLogger(DmarcReportIntake.class);

    private final DmarcReportAddress reportAddress;
    private final ReportIntake intake;
    private final MailEvents events;
    private final MailEventFactory eventFactory;

    @Inject
    public DmarcReportIntake(DmarcReportAddress reportAddress, ReportIntake intake, MailEvents events, Clock clock) {
        this.reportAddress = reportAddress;
        this.intake = intake;
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
    }

    @Override
    public String getMailetInfo() {
        return "smtpy DMARC aggregate report intake";
    }

    @Override
    public void service(Mail mail) {
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<DomainName> domain = reportAddress.domainOf(recipient);
            if (domain.isPresent()) {
                receive(mail, recipient, domain.get());
            }
        }
        mail.setState(Mail.GHOST);
    }

    private void receive(Mail mail, MailAddress recipient, DomainName domain) {
        List<ReportIntake.Outcome> outcomes = new ArrayList<>();
        Optional<String> unreadable = Optional.empty();
        try {
            walk(mail.getMessage(), domain, 0, outcomes);
        } catch (MessagingException | IOException | RuntimeException e) {
            LOGGER.info("Mail {} to {} cannot be read as MIME: {}", mail.getName(), recipient.asString(), e.toString());
            unreadable = Optional.of(ReportParseException.Reason.NOT_A_REPORT.code() + ": the mail cannot be read as MIME ("
                + e.getClass().getSimpleName() + ")");
        }
        boolean accepted = false;
        for (ReportIntake.Outcome outcome : outcomes) {
            if (outcome.accepted()) {
                accepted = true;
                record(mail, recipient, domain, MailEventType.REPORT_STORED, outcome.describe());
            }
        }
        if (!accepted) {
            record(mail, recipient, domain, MailEventType.REPORT_REJECTED, unreadable.orElseGet(() -> refusal(outcomes)));
        }
    }

    /** The refusal to report: the first part that looked like a report, else the first part. */
    private static String refusal(List<ReportIntake.Outcome> outcomes) {
        return outcomes.stream()
            .filter(outcome -> outcome.refusal().map(e -> e.reason() != ReportParseException.Reason.UNKNOWN_FORMAT).orElse(false))
            .findFirst()
            .or(() -> outcomes.stream().findFirst())
            .map(ReportIntake.Outcome::describe)
            .orElse(ReportParseException.Reason.UNKNOWN_FORMAT.code() + ": the mail has no part that could be a report");
    }

    private void walk(Part part, DomainName domain, int depth, List<ReportIntake.Outcome> outcomes) throws MessagingException, IOException {
        if (outcomes.size() >= MAX_PARTS) {
            return;
        }
        if (part.isMimeType("multipart/*") && depth < MAX_DEPTH) {
            Object content = part.getContent();
            if (content instanceof Multipart) {
                Multipart multipart = (Multipart) content;
                for (int i = 0; i < multipart.getCount() && outcomes.size() < MAX_PARTS; i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, domain, depth + 1, outcomes);
                }
                return;
            }
        }
        // The decoded bytes (base64, quoted-printable undone), whatever the content type claims.
        try (InputStream bytes = part.getInputStream()) {
            outcomes.add(intake.receive(domain, bytes));
        }
    }

    private void record(Mail mail, MailAddress recipient, DomainName domain, MailEventType type, String detail) {
        events.record(eventFactory.event(mail, domain, type, List.of(recipient))
            .alias(reportAddress.localPart())
            .detail(detail)
            .build());
    }
}
