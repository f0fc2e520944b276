package io.smtpy.matchers;

import java.util.Collection;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.smtpy.core.mailpath.RecipientPolicy;

/**
 * Matches the recipients that are on smtpy domains (aliases, catch-alls, SRS return addresses), as
 * {@link RecipientPolicy#isSmtpyRecipient} says. James splits the mail so that the mailet behind this matcher sees
 * only those; other recipients go on through the pipeline.
 *
 * <p>{@code <mailet match="io.smtpy.matchers.IsSmtpyRecipient" class="io.smtpy.mailets.SmtpyForward"/>}
 */
public class IsSmtpyRecipient extends GenericMatcher {
    private final RecipientPolicy policy;

    @Inject
    public IsSmtpyRecipient(RecipientPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(policy::isSmtpyRecipient)
            .collect(Collectors.toList());
    }
}
