package io.smtpy.core.dmarc;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The address at which each smtpy domain receives its own DMARC aggregate reports: {@code <localPart>@<domain>}
 * (the owner publishes {@code rua=mailto:dmarc-reports@<domain>}). The RCPT hook accepts it, the pipeline takes mail
 * for it out of forwarding: both ask this one object, so they cannot disagree.
 *
 * <p>The address belongs to every enabled smtpy domain, whether or not an alias or a catch-all would match the
 * local part: reports are data for the owner's dashboard, not mail to forward. A disabled domain receives nothing.
 * The local part is compared without case and without a {@code +tag} ({@code rua} URIs are written by hand).
 */
public final class DmarcReportAddress {
    public static final String DEFAULT_LOCAL_PART = "dmarc-reports";

    private final LocalPart localPart;
    private final AliasResolver resolver;

    /**
     * @throws IllegalArgumentException when {@code localPart} is not a valid local part without a tag
     */
    public DmarcReportAddress(String localPart, AliasResolver resolver) {
        this.localPart = LocalPart.of(localPart);
        this.resolver = resolver;
    }

    public LocalPart localPart() {
        return localPart;
    }

    /** The smtpy domain whose report address {@code recipient} is; empty for any other address. */
    public Optional<DomainName> domainOf(MailAddress recipient) {
        String raw = recipient.getLocalPart().toLowerCase(Locale.ROOT);
        int tag = raw.indexOf(LocalPart.SUBADDRESS_SEPARATOR);
        String base = tag < 0 ? raw : raw.substring(0, tag);
        if (!base.equals(localPart.asString())) {
            return Optional.empty();
        }
        DomainName domain;
        try {
            domain = DomainName.of(recipient.getDomain().asString());
        } catch (IllegalArgumentException notADomainName) {
            return Optional.empty();
        }
        Resolution.Outcome outcome = resolver.resolve(domain, recipient.getLocalPart()).outcome();
        if (outcome == Resolution.Outcome.NOT_SMTPY_DOMAIN || outcome == Resolution.Outcome.DISABLED_DOMAIN) {
            return Optional.empty();
        }
        return Optional.of(domain);
    }

    public boolean isReportAddress(MailAddress recipient) {
        return domainOf(recipient).isPresent();
    }
}
