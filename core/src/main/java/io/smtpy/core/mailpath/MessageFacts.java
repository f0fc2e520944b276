package io.smtpy.core.mailpath;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.collect.ImmutableList;

/**
 * What the per-message decision needs to know of a received mail: its envelope, how many times smtpy's trace field
 * and {@code Received} occur in its header, and the verdicts of the inbound checks when they ran (the
 * {@code Authentication-Results} method results, without the authserv-id).
 */
public final class MessageFacts {
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private final int forwards;
    private final int received;
    private final Optional<String> authenticationResults;

    private MessageFacts(MaybeSender sender, Collection<MailAddress> recipients, int forwards, int received,
                         Optional<String> authenticationResults) {
        this.sender = Objects.requireNonNull(sender);
        this.recipients = ImmutableList.copyOf(recipients);
        this.forwards = forwards;
        this.received = received;
        this.authenticationResults = Objects.requireNonNull(authenticationResults);
    }

    /**
     * @param forwards how many {@value MessagePolicy#TRACE_FIELD} fields the header has
     * @param received how many {@code Received} fields the header has
     */
    public static MessageFacts of(MaybeSender sender, Collection<MailAddress> recipients, int forwards, int received,
                                  Optional<String> authenticationResults) {
        return new MessageFacts(sender, recipients, forwards, received, authenticationResults);
    }

    public MaybeSender sender() {
        return sender;
    }

    public List<MailAddress> recipients() {
        return recipients;
    }

    public int forwards() {
        return forwards;
    }

    public int received() {
        return received;
    }

    /** Present when the inbound checks ran on the mail. */
    public Optional<String> authenticationResults() {
        return authenticationResults;
    }
}
