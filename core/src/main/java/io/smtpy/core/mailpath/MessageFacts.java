package io.smtpy.core.mailpath;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

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
    private final Map<MailAddress, RecipientDirective> directives;

    private MessageFacts(MaybeSender sender, Collection<MailAddress> recipients, int forwards, int received,
                         Optional<String> authenticationResults, Map<MailAddress, RecipientDirective> directives) {
        this.sender = Objects.requireNonNull(sender);
        this.recipients = ImmutableList.copyOf(recipients);
        this.forwards = forwards;
        this.received = received;
        this.authenticationResults = Objects.requireNonNull(authenticationResults);
        this.directives = ImmutableMap.copyOf(directives);
    }

    /**
     * @param forwards how many {@value MessagePolicy#TRACE_FIELD} fields the header has
     * @param received how many {@code Received} fields the header has
     */
    public static MessageFacts of(MaybeSender sender, Collection<MailAddress> recipients, int forwards, int received,
                                  Optional<String> authenticationResults) {
        return new MessageFacts(sender, recipients, forwards, received, authenticationResults, Map.of());
    }

    /** The same facts with what the owners' rules and lists decided for some recipients (the others are unchanged). */
    public MessageFacts withDirectives(Map<MailAddress, RecipientDirective> directives) {
        return new MessageFacts(sender, recipients, forwards, received, authenticationResults, directives);
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

    /** The directive of a recipient, {@link RecipientDirective#UNCHANGED} when no rule or list touched it. */
    public RecipientDirective directive(MailAddress recipient) {
        return directives.getOrDefault(recipient, RecipientDirective.UNCHANGED);
    }

    /** Present when the inbound checks ran on the mail. */
    public Optional<String> authenticationResults() {
        return authenticationResults;
    }
}
