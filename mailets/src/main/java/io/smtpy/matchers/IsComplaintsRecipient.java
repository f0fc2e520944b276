package io.smtpy.matchers;

import java.util.Collection;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.smtpy.core.mailpath.ComplaintsAddress;

/**
 * Matches the operator's complaints address ({@code complaints.address}, {@link ComplaintsAddress}); matches nothing
 * when none is set. Placed before {@code IsSmtpyRecipient}, so that a complaint is taken, never forwarded.
 *
 * <p>{@code <mailet match="io.smtpy.matchers.IsComplaintsRecipient" class="io.smtpy.mailets.ComplaintIntake"/>}
 */
public class IsComplaintsRecipient extends GenericMatcher {
    private final ComplaintsAddress complaintsAddress;

    @Inject
    public IsComplaintsRecipient(ComplaintsAddress complaintsAddress) {
        this.complaintsAddress = complaintsAddress;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(complaintsAddress::is).collect(Collectors.toList());
    }
}
