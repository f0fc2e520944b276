package io.smtpy.bounces;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.mailpath.MessagePolicy;

/**
 * What a report says of the message it is about, read from the header it returns ({@code message/rfc822} or
 * {@code text/rfc822-headers}): its {@code Message-ID} and smtpy's trace field ({@value MessagePolicy#TRACE_FIELD}:
 * {@code <domain> for <alias>, <alias>}), which tie the report to our message and to the aliases it was sent to.
 */
public final class OriginalMessage {
    static final OriginalMessage UNKNOWN = new OriginalMessage(Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    private final Optional<String> messageId;
    private final Optional<String> subject;
    private final Optional<String> forwardingDomain;
    private final List<String> aliases;

    OriginalMessage(Optional<String> messageId, Optional<String> subject, Optional<String> forwardingDomain, List<String> aliases) {
        this.messageId = Objects.requireNonNull(messageId);
        this.subject = Objects.requireNonNull(subject);
        this.forwardingDomain = Objects.requireNonNull(forwardingDomain);
        this.aliases = List.copyOf(aliases);
    }

    /** From the returned header; {@link #UNKNOWN} when it has none of the fields. */
    static OriginalMessage of(HeaderFields header) {
        Optional<String> trace = header.first(MessagePolicy.TRACE_FIELD);
        Optional<String> domain = trace.map(value -> value.split("\\s+for\\s+", 2)[0].trim()).filter(value -> !value.isEmpty());
        List<String> aliases = trace.filter(value -> value.contains(" for "))
            .map(value -> value.substring(value.indexOf(" for ") + 5).replaceAll("\\s*\\(archive\\)\\s*$", ""))
            .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(alias -> !alias.isEmpty())
                .collect(Collectors.toList()))
            .orElse(List.of());
        return new OriginalMessage(header.first("Message-ID").map(OriginalMessage::bareId), header.first("Subject"), domain, aliases);
    }

    /** The message a reply answers, by its {@code In-Reply-To}: all an auto-reply says of it. */
    static OriginalMessage answeredBy(HeaderFields reply) {
        return reply.first("In-Reply-To")
            .map(id -> new OriginalMessage(Optional.of(bareId(id)), Optional.empty(), Optional.empty(), List.of()))
            .orElse(UNKNOWN);
    }

    static OriginalMessage of(MessageParts message) {
        return message.original().map(part -> of(HeaderFields.header(part.text))).orElse(UNKNOWN);
    }

    /** Without angle brackets: {@code abc@example.com}. */
    public Optional<String> messageId() {
        return messageId;
    }

    public Optional<String> subject() {
        return subject;
    }

    /** The smtpy domain that forwarded the message, from the trace field. */
    public Optional<String> forwardingDomain() {
        return forwardingDomain;
    }

    /** The smtpy aliases the message was forwarded for, from the trace field; empty when it has none. */
    public List<String> aliases() {
        return aliases;
    }

    /** Whether the message carries smtpy's trace field, i.e. smtpy forwarded it. */
    public boolean forwardedBySmtpy() {
        return forwardingDomain.isPresent();
    }

    private static String bareId(String value) {
        String id = value.trim();
        int open = id.indexOf('<');
        int close = id.indexOf('>', open + 1);
        return open >= 0 && close > open ? id.substring(open + 1, close) : id;
    }

    @Override
    public String toString() {
        return "OriginalMessage{" + messageId.orElse("-") + " " + forwardingDomain.orElse("-") + " " + aliases + "}";
    }
}
