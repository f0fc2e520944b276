package io.smtpy.mailets;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.smtpy.core.model.DomainName;
import io.smtpy.sending.pools.SourceAddress;
import io.smtpy.sending.pools.SourcePools;
import io.smtpy.sending.queue.DomainPriorities;
import io.smtpy.sending.queue.PriorityClass;

/**
 * Chooses the outbound source address a copy leaves from ({@link SourcePools}, the operator's {@code pools.*}): its
 * domain's pool, else its class's, else the default pool, spread by the first recipient's domain; writes it into
 * {@value #ATTRIBUTE}, where the {@code io.smtpy.matchers.LeavesFrom} matcher of each pool address's RemoteDelivery finds it.
 * A copy that already has one keeps it; without pools, or with none for the copy, nothing is written and the copy takes
 * the default RemoteDelivery (the machine's default route).
 *
 * <p>{@code <mailet match="All" class="io.smtpy.mailets.SourceAddressChoice"/>} in {@code relay}, before RemoteDelivery.
 */
public class SourceAddressChoice extends GenericMailet {
    public static final String ATTRIBUTE = "io.smtpy.delivery.sourceAddress";
    public static final AttributeName SOURCE_ADDRESS = AttributeName.of(ATTRIBUTE);

    private final SourcePools pools;
    private final DomainPriorities priorities;

    @Inject
    public SourceAddressChoice(SourcePools pools, DomainPriorities priorities) {
        this.pools = pools;
        this.priorities = priorities;
    }

    @Override
    public String getMailetInfo() {
        return "smtpy: the copy's outbound source address";
    }

    @Override
    public void service(Mail mail) {
        if (pools.isEmpty() || AttributeUtils.getValueAndCastFromMail(mail, SOURCE_ADDRESS, String.class).isPresent()) {
            return;
        }
        Optional<DomainName> domain = ForwardingAttributes.domain(mail);
        PriorityClass priorityClass = domain.map(priorities::of).orElse(PriorityClass.NORMAL);
        String spreadKey = mail.getRecipients().stream().findFirst().map(MailAddress::getDomain)
            .map(recipientDomain -> recipientDomain.asString()).orElse(mail.getName());
        pools.choose(domain, priorityClass, spreadKey).map(SourceAddress::literal)
            .ifPresent(address -> mail.setAttribute(new Attribute(SOURCE_ADDRESS, AttributeValue.of(address))));
    }
}
