package io.smtpy.mailets;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.mailet.Mail;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;

/**
 * Records a DEFERRED event for each alias of a forwarded copy that RemoteDelivery will try again. Registers
 * itself with {@link DeliveryDeferrals} when built (the smtpy Guice module builds it eagerly).
 */
public class RecordDeferrals implements DeliveryDeferrals.Listener {
    private final MailEvents events;
    private final MailEventFactory eventFactory;

    @Inject
    public RecordDeferrals(DeliveryDeferrals deferrals, MailEvents events, Clock clock) {
        this.events = events;
        this.eventFactory = new MailEventFactory(clock);
        deferrals.listen(this);
    }

    @Override
    public void deferred(Mail mail, int attempts, Duration nextAttemptIn) {
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty()) {
            return;
        }
        for (String alias : ForwardingAttributes.aliases(mail)) {
            events.record(eventFactory.event(mail, domain.get(), MailEventType.DEFERRED, mail.getRecipients())
                .alias(MailEventFactory.alias(alias))
                .messageId(ForwardingAttributes.messageId(mail))
                .detail("temporary delivery failure, attempt " + attempts + "; next attempt in " + nextAttemptIn.toSeconds() + " s")
                .build());
        }
    }
}
