package io.smtpy.guice;

import java.util.List;

import org.apache.james.core.MailAddress;

import io.smtpy.core.mailpath.HeaderField;

/** Sends smtpy's own notices to people (access mails, the quarantine digest, alerts): one plain-text mail each. */
interface NoticeSender {
    /**
     * @param fields header fields to add (such as {@code List-Unsubscribe})
     * @throws IllegalStateException when the mail cannot be handed over for delivery
     */
    void send(MailAddress to, String subject, String text, List<HeaderField> fields);

    /**
     * @throws IllegalStateException when the mail cannot be handed over for delivery
     */
    default void send(MailAddress to, String subject, String text) {
        send(to, subject, text, List.of());
    }
}
