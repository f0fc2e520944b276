package io.smtpy.matchers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.net.InetAddresses;

import io.smtpy.mailets.SourceAddressChoice;

/**
 * Matches every recipient of a copy that leaves from the source address of the condition, as
 * {@code io.smtpy.mailets.SourceAddressChoice} chose it: the matcher of a pool address's RemoteDelivery, which binds its
 * connections to that address and keeps its own queue. The embedded server writes one per pool address; in a stock James
 * an operator writes them beside the default RemoteDelivery:
 * <pre>
 * &lt;mailet match="io.smtpy.matchers.LeavesFrom=192.0.2.10" class="RemoteDelivery"&gt;
 *     &lt;outgoingQueue&gt;outgoing-premium-1&lt;/outgoingQueue&gt;
 *     &lt;bind&gt;192.0.2.10&lt;/bind&gt;
 *     ... the default RemoteDelivery's other settings ...
 * &lt;/mailet&gt;
 * </pre>
 */
public class LeavesFrom extends GenericMatcher {
    private String address;

    @Override
    public void init() throws MessagingException {
        String condition = Optional.ofNullable(getCondition()).orElse("").trim();
        if (!InetAddresses.isInetAddress(condition)) {
            throw new MessagingException(getMatcherName() + " needs an IPv4 or IPv6 address as its condition, got '"
                + condition + "'");
        }
        address = canonical(condition);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Optional<String> chosen = AttributeUtils.getValueAndCastFromMail(mail, SourceAddressChoice.SOURCE_ADDRESS, String.class);
        return chosen.filter(address::equals).isPresent() ? mail.getRecipients() : List.of();
    }

    private static String canonical(String literal) throws MessagingException {
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            throw new MessagingException("not an address: " + literal, e);
        }
    }
}
