package io.smtpy.core.mailpath;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Domain;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What DMARC enforcement does at the end of DATA to a mail whose author domain fails DMARC and asks
 * {@code p=reject}, per recipient domain ({@code enforceDmarcReject}): when every recipient belongs to an enforcing
 * domain the message is refused ({@code 550 5.7.1}); when only some do, those are removed from the mail (SMTP cannot
 * refuse part of a message after DATA) and the others get it; when none does, nothing happens.
 */
public final class DmarcEnforcement {

    public enum Action {
        NONE,
        REFUSE_MESSAGE,
        DROP_RECIPIENTS
    }

    private final Action action;
    private final List<MailAddress> enforced;
    private final SmtpStatus status;
    private final String dropReason;

    private DmarcEnforcement(Action action, List<MailAddress> enforced, SmtpStatus status, String dropReason) {
        this.action = action;
        this.enforced = ImmutableList.copyOf(enforced);
        this.status = status;
        this.dropReason = dropReason;
    }

    /**
     * @param recipients every recipient of the mail
     * @param smtpyRecipients the recipients on smtpy domains, with their domain
     * @param author the From domain whose DMARC policy asks for reject
     */
    public static DmarcEnforcement decide(Collection<MailAddress> recipients, Map<MailAddress, Domain> smtpyRecipients, String author) {
        List<MailAddress> enforced = smtpyRecipients.entrySet().stream()
            .filter(entry -> entry.getValue().enforceDmarcReject())
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
        String failure = "DMARC policy of " + author + " is reject and the message fails DMARC";
        SmtpStatus status = SmtpStatus.of(550, "5.7.1", "message rejected: " + failure);
        if (enforced.isEmpty()) {
            return new DmarcEnforcement(Action.NONE, List.of(), status, "");
        }
        if (enforced.size() == recipients.size()) {
            return new DmarcEnforcement(Action.REFUSE_MESSAGE, enforced, status, "");
        }
        return new DmarcEnforcement(Action.DROP_RECIPIENTS, enforced, status, "not forwarded: " + failure);
    }

    public Action action() {
        return action;
    }

    /** The recipients of enforcing domains: refused with the message, or dropped from it. */
    public List<MailAddress> enforced() {
        return enforced;
    }

    /** The refusal of the whole message. */
    public SmtpStatus status() {
        return status;
    }

    /** Why a dropped recipient gets nothing (its event's detail). */
    public String dropReason() {
        return dropReason;
    }

    @Override
    public String toString() {
        return action + " " + enforced + (Objects.equals(dropReason, "") ? "" : ": " + dropReason);
    }
}
