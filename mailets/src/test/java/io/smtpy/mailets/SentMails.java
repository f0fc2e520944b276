package io.smtpy.mailets;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;

/** Sent mails of James's fake context, as a {@link Mail} the attribute readers take. */
final class SentMails {
    private SentMails() {
    }

    static Mail asMail(FakeMailContext.SentMail sent) {
        try {
            return FakeMail.builder().name("sent").attributes(sent.getAttributes().values()).build();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
