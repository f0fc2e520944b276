package io.smtpy.limits;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * A mail about to be sent through the submission path, as {@link LimitPolicy#outbound} counts it: who sends it (the
 * credential, if any; the sending domain; the alias it is sent as, if any), its envelope and its size.
 */
public final class OutboundMessage {
    private final Optional<String> credentialId;
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final String sender;
    private final List<MailAddress> recipients;
    private final long sizeBytes;

    /**
     * @param credentialId the SMTP credential that authenticated the session, if any
     * @param domain the sending domain (an smtpy domain: the envelope sender's or the From's)
     * @param alias the alias of that domain the mail is sent as, if it is sent as one
     * @param sender the envelope sender, for the events
     */
    public OutboundMessage(Optional<String> credentialId, DomainName domain, Optional<LocalPart> alias, String sender,
                           List<MailAddress> recipients, long sizeBytes) {
        this.credentialId = Objects.requireNonNull(credentialId);
        this.domain = Objects.requireNonNull(domain);
        this.alias = Objects.requireNonNull(alias);
        this.sender = Objects.requireNonNull(sender);
        this.recipients = List.copyOf(recipients);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("a size is not negative");
        }
        this.sizeBytes = sizeBytes;
    }

    public Optional<String> credentialId() {
        return credentialId;
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public String sender() {
        return sender;
    }

    public List<MailAddress> recipients() {
        return recipients;
    }

    public long sizeBytes() {
        return sizeBytes;
    }
}
