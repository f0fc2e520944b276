package io.smtpy.mailets;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

import javax.inject.Inject;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.queue.DomainPriorities;
import io.smtpy.sending.queue.MailPriority;
import io.smtpy.sending.queue.PriorityClass;

/**
 * Puts a copy in its delivery lane: James's {@code MAIL_PRIORITY} attribute (0-9), which the embedded server's queue
 * orders ready mail by ({@link MailPriority}): 7 for the copies of a domain the operator put in the high class
 * ({@link DomainPriorities}), else 5; a submitted mail's MT-PRIORITY ({@code io.smtpy.submission.mtPriority}, set by the
 * submission server's {@code MtPriorityHook}) counts only when its domain is in the high class, the premium that allows
 * it. Also stamps when the copy first went to the queue ({@code io.smtpy.queue.queuedAt}), the age delay notices go by.
 * Mail without smtpy's domain attribute (James's own, bounces) is only stamped; a null sender is the notices' lane anyway.
 *
 * <p>{@code <mailet match="All" class="io.smtpy.mailets.DeliveryPriority"/>} in {@code relay}, before RemoteDelivery.
 */
public class DeliveryPriority extends GenericMailet {
    static final AttributeName MAIL_PRIORITY = AttributeName.of("MAIL_PRIORITY");
    static final AttributeName MT_PRIORITY = AttributeName.of("io.smtpy.submission.mtPriority");

    private final DomainPriorities priorities;
    private final Clock clock;

    @Inject
    public DeliveryPriority(DomainPriorities priorities, Clock clock) {
        this.priorities = priorities;
        this.clock = clock;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: the copy's delivery lane";
    }

    @Override
    public void service(Mail mail) {
        if (ForwardingAttributes.queuedAt(mail).isEmpty()) {
            mail.setAttribute(new Attribute(ForwardingAttributes.QUEUED_AT, AttributeValue.of(Long.toString(clock.millis()))));
        }
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        if (domain.isEmpty()) {
            return;
        }
        PriorityClass priorityClass = priorities.of(domain.get());
        OptionalInt asked = AttributeUtils.getValueAndCastFromMail(mail, MT_PRIORITY, Integer.class)
            .map(OptionalInt::of).orElse(OptionalInt.empty());
        int priority = MailPriority.of(priorityClass, asked, priorityClass == PriorityClass.HIGH);
        mail.setAttribute(new Attribute(MAIL_PRIORITY, AttributeValue.of(priority)));
    }
}
