package io.smtpy.rules.quarantine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * What the mail path hands to {@link Quarantine#hold}: where the mail was going, who sent it, why and by what it is
 * held, the verdicts at reception, James's name of the mail (ties the events together) and the bytes.
 */
public final class Hold {
    private final DomainName domain;
    private final Optional<LocalPart> alias;
    private final MaybeSender sender;
    private final List<MailAddress> recipients;
    private final QuarantineKind kind;
    private final String reason;
    private final String decidedBy;
    private final Map<String, String> verdicts;
    private final Optional<String> mailId;
    private final byte[] message;

    private Hold(DomainName domain, Optional<LocalPart> alias, MaybeSender sender, List<MailAddress> recipients,
                 QuarantineKind kind, String reason, String decidedBy, Map<String, String> verdicts, Optional<String> mailId,
                 byte[] message) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.recipients = ImmutableList.copyOf(recipients);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.decidedBy = Objects.requireNonNull(decidedBy, "decidedBy");
        this.verdicts = ImmutableMap.copyOf(verdicts);
        this.mailId = Objects.requireNonNull(mailId, "mailId");
        this.message = Objects.requireNonNull(message, "message");
    }

    /** A hold with no alias, reason, decider, verdicts or mail name until set. */
    public static Hold of(DomainName domain, MaybeSender sender, List<MailAddress> recipients, QuarantineKind kind, byte[] message) {
        return new Hold(domain, Optional.empty(), sender, recipients, kind, "", "", Map.of(), Optional.empty(), message);
    }

    public Hold alias(LocalPart alias) {
        return new Hold(domain, Optional.of(alias), sender, recipients, kind, reason, decidedBy, verdicts, mailId, message);
    }

    public Hold reason(String reason) {
        return new Hold(domain, alias, sender, recipients, kind, reason, decidedBy, verdicts, mailId, message);
    }

    public Hold decidedBy(String decidedBy) {
        return new Hold(domain, alias, sender, recipients, kind, reason, decidedBy, verdicts, mailId, message);
    }

    public Hold verdicts(Map<String, String> verdicts) {
        return new Hold(domain, alias, sender, recipients, kind, reason, decidedBy, verdicts, mailId, message);
    }

    public Hold mailId(String mailId) {
        return new Hold(domain, alias, sender, recipients, kind, reason, decidedBy, verdicts, Optional.of(mailId), message);
    }

    public DomainName domain() {
        return domain;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public MaybeSender sender() {
        return sender;
    }

    public List<MailAddress> recipients() {
        return recipients;
    }

    public QuarantineKind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public String decidedBy() {
        return decidedBy;
    }

    public Map<String, String> verdicts() {
        return verdicts;
    }

    public Optional<String> mailId() {
        return mailId;
    }

    /** The bytes (not copied: the caller hands them over). */
    public byte[] message() {
        return message;
    }
}
