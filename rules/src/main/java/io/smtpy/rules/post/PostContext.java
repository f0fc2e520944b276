package io.smtpy.rules.post;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import io.smtpy.core.model.DomainName;

/** What a post says about the mail beside the message itself: whose rule sent it, and what the envelope was. */
public final class PostContext {
    private final DomainName domain;
    private final String rule;
    private final MaybeSender sender;
    private final MailAddress recipient;
    private final Instant receivedAt;
    private final Map<String, String> verdicts;

    /**
     * @param rule the rule's name as the owner wrote it
     * @param verdicts authentication results by method ({@code spf}, {@code dkim}, {@code dmarc}, {@code arc}), e.g.
     *                 {@code pass}; a method not evaluated is left out
     */
    public PostContext(DomainName domain, String rule, MaybeSender sender, MailAddress recipient, Instant receivedAt,
                       Map<String, String> verdicts) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.verdicts = Map.copyOf(verdicts);
    }

    public DomainName domain() {
        return domain;
    }

    public String rule() {
        return rule;
    }

    public MaybeSender sender() {
        return sender;
    }

    public MailAddress recipient() {
        return recipient;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public Map<String, String> verdicts() {
        return verdicts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PostContext)) {
            return false;
        }
        PostContext other = (PostContext) o;
        return domain.equals(other.domain) && rule.equals(other.rule) && sender.equals(other.sender)
            && recipient.equals(other.recipient) && receivedAt.equals(other.receivedAt) && verdicts.equals(other.verdicts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, rule, sender, recipient, receivedAt, verdicts);
    }

    @Override
    public String toString() {
        return "PostContext[" + domain + " rule '" + rule + "' " + sender.asPrettyString() + " -> " + recipient + "]";
    }
}
