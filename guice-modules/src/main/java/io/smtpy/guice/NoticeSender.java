package io.smtpy.guice;

import org.apache.james.core.MailAddress;

/** Sends smtpy's own notices to people (access mails, the quarantine digest): one plain-text mail each. */
interface NoticeSender {
    /**
     * @throws IllegalStateException when the mail cannot be handed over for delivery
     */
    void send(MailAddress to, String subject, String text);
}
