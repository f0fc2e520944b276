package io.smtpy.smtp;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * Builds the SMTP answer for a refused recipient and records the refusal as a mail event, so that every
 * refusal a sender sees can also be found by the domain owner.
 */
public class RcptRefusals {
    private final MailEvents events;
    private final Clock clock;

    @Inject
    public RcptRefusals(MailEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    HookResult refuse(SMTPSession session, MaybeSender sender, MailAddress recipient, SmtpStatus status, boolean disconnect) {
        return refuse(session, sender, recipient, status, disconnect, "");
    }

    /** @param decidedBy what refused it, for the owner (a list entry, a rule); not shown to the client */
    HookResult refuse(SMTPSession session, MaybeSender sender, MailAddress recipient, SmtpStatus status, boolean disconnect,
                      String decidedBy) {
        record(session, sender, recipient, MailEventType.REJECTED, Optional.of(status),
            decidedBy.isEmpty() ? status.text() : status.text() + " (" + decidedBy + ")");
        return SmtpyRcptHook.refusal(status, disconnect);
    }

    /** Records what happened to one recipient during the SMTP session (a refusal, or a recipient dropped at DATA). */
    void record(SMTPSession session, MaybeSender sender, MailAddress recipient, MailEventType type, Optional<SmtpStatus> status,
                String text) {
        record(session, sender, recipient, LocalPart.ofRecipient(recipient.getLocalPart()), type, status, text);
    }

    /** As above, for an {@code alias} the recipient's local part does not name (a reverse alias's). */
    void record(SMTPSession session, MaybeSender sender, MailAddress recipient, Optional<LocalPart> alias, MailEventType type,
                Optional<SmtpStatus> status, String text) {
        events.record(MailEvent.builder(DomainName.of(recipient.getDomain().asString()), type, clock.instant())
            .alias(alias)
            .mailId("smtp-session-" + session.getSessionID())
            .sender(sender.asString())
            .recipients(List.of(recipient.asString()))
            .smtpCode(status.map(SmtpStatus::code))
            .enhancedStatus(status.flatMap(SmtpStatus::enhanced))
            .detail(text)
            .build());
    }
}
