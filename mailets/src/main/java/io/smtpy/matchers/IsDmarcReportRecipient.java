package io.smtpy.matchers;

import java.util.Collection;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.smtpy.core.dmarc.DmarcReportAddress;

/**
 * Matches the recipients that are DMARC report addresses of smtpy domains ({@code dmarc-reports@<domain>} by
 * default, see {@link DmarcReportAddress}). Placed before {@code IsSmtpyRecipient}, so that a report is stored, never
 * forwarded, even when an alias or a catch-all would take the address.
 *
 * <p>{@code <mailet match="io.smtpy.matchers.IsDmarcReportRecipient" class="io.smtpy.mailets.DmarcReportIntake"/>}
 */
public class IsDmarcReportRecipient extends GenericMatcher {
    private final DmarcReportAddress reportAddress;

    @Inject
    public IsDmarcReportRecipient(DmarcReportAddress reportAddress) {
        this.reportAddress = reportAddress;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(reportAddress::isReportAddress)
            .collect(Collectors.toList());
    }
}
