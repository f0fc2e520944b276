package io.smtpy.guice;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.core.model.DomainName;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.NotificationType;
import io.smtpy.notifications.UnsubscribeLinks;

/**
 * Mails one notification about a domain to each member who wants its type ({@link NotificationPreferences}), each
 * copy with the member's own one-click unsubscribe fields ({@link UnsubscribeLinks}) and a footer saying how to change
 * what they get. Addresses and subjects are never logged above debug; a failed copy is logged with the member's id.
 */
final class MemberNotices {
    private static final Logger LOGGER = LoggerFactory.getLogger(MemberNotices.class);

    private final NotificationPreferences preferences;
    private final UnsubscribeLinks links;
    private final NoticeSender notices;

    MemberNotices(NotificationPreferences preferences, UnsubscribeLinks links, NoticeSender notices) {
        this.preferences = preferences;
        this.links = links;
        this.notices = notices;
    }

    /** Whether anyone wants {@code type} about {@code domain}: what is not wanted need not be composed. */
    boolean wanted(DomainName domain, NotificationType type) {
        return !preferences.recipients(domain, type).isEmpty();
    }

    /** @return how many members it was handed over for; a copy that failed is logged and not counted */
    int send(DomainName domain, NotificationType type, String subject, String text) {
        int sent = 0;
        for (NotificationPreferences.Recipient recipient : preferences.recipients(domain, type)) {
            try {
                notices.send(new MailAddress(recipient.email()), subject, text + footer(type), links.fields(recipient.member(), type));
                sent++;
            } catch (AddressException e) {
                LOGGER.warn("Member {}'s address is not a mail address; no {} notification to it", recipient.member(), type.asString());
            } catch (RuntimeException e) {
                LOGGER.error("Could not mail the {} notification about {} to member {}", type.asString(), domain.asString(),
                    recipient.member(), e);
            }
        }
        return sent;
    }

    private static String footer(NotificationType type) {
        return "\n\n-- \nYou get this mail as a member of the account that owns the domain, for notifications of type '"
            + type.asString() + "'. To change what you get: PUT /smtpy/me/notifications (./smtpy notifications set "
            + type.asString() + " off), or your mail program's unsubscribe button.";
    }
}
