package io.smtpy.sending.reverse;

import io.smtpy.core.model.DomainName;

/**
 * Tells a domain's owners that a mail to one of its reverse aliases was refused because it did not really come from
 * one of the alias's mailboxes (wired to the owner alerts of {@code notifications/}, which throttle per subject).
 */
@FunctionalInterface
public interface ReplyAlerts {
    ReplyAlerts NONE = (domain, about, subject, text) -> { };

    /** @param about what the alert is about, for the throttle (the reverse alias's id) */
    void refused(DomainName domain, String about, String subject, String text);
}
