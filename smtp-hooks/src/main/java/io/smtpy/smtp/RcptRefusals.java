package io.smtpy.smtp;

import java.time.Clock;
import java.util.List;

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

    HookResult refuse(SMTPSession session, MaybeSender sender, MailAddress recipient, String code, String enhancedStatus,
                      String text, boolean disconnect) {
        events.record(MailEvent.builder(DomainName.of(recipient.getDomain().asString()), MailEventType.REJECTED, clock.instant())
            .alias(LocalPart.ofRecipient(recipient.getLocalPart()))
            .mailId("smtp-session-" + session.getSessionID())
            .sender(sender.asString())
            .recipients(List.of(recipient.asString()))
            .smtpCode(Integer.parseInt(code))
            .enhancedStatus(enhancedStatus)
            .detail(text)
            .build());
        return SmtpyRcptHook.refusal(code, enhancedStatus, text, disconnect);
    }
}
