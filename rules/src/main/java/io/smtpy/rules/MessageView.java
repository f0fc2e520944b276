package io.smtpy.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.mime.MessageContent;

/**
 * One mail for one recipient, as rule conditions read it. Lazy: the raw message is fetched and its header parsed
 * only when a condition reads a header field (or the size), the body and attachments only when one reads them;
 * each at most once, and every field's values are extracted (and lower-cased) once. Broken MIME never throws here:
 * what cannot be read reads as absent.
 *
 * <p>Not thread-safe: one view per mail and recipient, evaluated on one thread.
 */
public final class MessageView {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageView.class);

    private final MaybeSender sender;
    private final MailAddress recipient;
    private final Supplier<byte[]> rawMessage;
    private final Supplier<MessageContent> sharedHeader;
    private final Verdicts verdicts;
    private final Instant receivedAt;

    private byte[] raw;
    private MessageContent header;
    private MessageContent full;
    private final Map<String, List<String>> texts = new HashMap<>();
    private final Map<String, List<String>> lowerTexts = new HashMap<>();
    private int headerParses;
    private int fullParses;

    private MessageView(MaybeSender sender, MailAddress recipient, Supplier<byte[]> rawMessage, Supplier<MessageContent> sharedHeader,
                        Verdicts verdicts, Instant receivedAt) {
        this.sender = Objects.requireNonNull(sender);
        this.recipient = Objects.requireNonNull(recipient);
        this.rawMessage = Objects.requireNonNull(rawMessage);
        this.sharedHeader = sharedHeader;
        this.verdicts = Objects.requireNonNull(verdicts);
        this.receivedAt = Objects.requireNonNull(receivedAt);
    }

    /**
     * @param sender the envelope sender (MAIL FROM), possibly the null sender
     * @param recipient the envelope recipient (RCPT TO) these rules belong to, with its subaddress tag if any
     * @param rawMessage the message as received; called at most once, only if a condition needs the message
     * @param verdicts the authentication results
     * @param receivedAt when smtpy received the mail: the instant {@code time} and {@code weekday} read
     */
    public static MessageView of(MaybeSender sender, MailAddress recipient, Supplier<byte[]> rawMessage, Verdicts verdicts,
                                 Instant receivedAt) {
        return new MessageView(sender, recipient, rawMessage, null, verdicts, receivedAt);
    }

    /**
     * As {@link #of(MaybeSender, MailAddress, Supplier, Verdicts, Instant)}, with the header read by the caller (or
     * read on demand by {@code header}) shared rather than parsed again: several recipients of one mail, and the lists
     * before the rules, read it once.
     */
    public static MessageView of(MaybeSender sender, MailAddress recipient, Supplier<byte[]> rawMessage,
                                 Supplier<MessageContent> header, Verdicts verdicts, Instant receivedAt) {
        return new MessageView(sender, recipient, rawMessage, Objects.requireNonNull(header), verdicts, receivedAt);
    }

    Instant receivedAt() {
        return receivedAt;
    }

    String verdict(String method) {
        return verdicts.of(method);
    }

    /** SpamAssassin's score, when the message was scored. */
    Optional<Double> spamScore() {
        return verdicts.spamScore();
    }

    /** The message size in bytes. */
    long size() {
        return raw().length;
    }

    /** Header parses so far (0 or 1; a full parse serves the header too). For tests of laziness. */
    int headerParses() {
        return headerParses;
    }

    /** Full parses (body and attachments) so far, 0 or 1. For tests of laziness. */
    int fullParses() {
        return fullParses;
    }

    /**
     * The text values of a condition field ({@code subject}, {@code header:x-spam}, {@code from}, {@code body}...),
     * lower-cased when {@code lowerCase}; empty when the message has none.
     */
    List<String> texts(String field, boolean lowerCase) {
        if (!lowerCase) {
            return texts.computeIfAbsent(field, this::extract);
        }
        List<String> lower = lowerTexts.get(field);
        if (lower == null) {
            List<String> original = texts(field, false);
            List<String> lowered = new ArrayList<>(original.size());
            for (String text : original) {
                lowered.add(text.toLowerCase(Locale.ROOT));
            }
            lower = lowered;
            lowerTexts.put(field, lower);
        }
        return lower;
    }

    boolean hasAttachments() {
        return !full().attachments().isEmpty();
    }

    /** The decoded size of each attachment, in bytes. */
    List<Long> attachmentSizes() {
        List<Long> sizes = new ArrayList<>();
        for (var attachment : full().attachments()) {
            sizes.add(attachment.size());
        }
        return sizes;
    }

    private List<String> extract(String field) {
        switch (field) {
            case "sender":
                return List.of(sender.asString(""));
            case "recipient":
                return List.of(recipient.asString());
            case "tag":
                return List.of(tag());
            case "virus":
                return verdicts.virus().map(List::of).orElse(List.of());
            case "from":
            case "to":
            case "cc":
            case "reply-to":
                return addressField(field);
            case "subject":
            case "list-id":
                return header().values(field);
            case "body":
                return body();
            case "attachment":
            case "attachment-name":
                return attachmentNames();
            case "attachment-type":
                return attachmentTypes();
            default:
                if (field.startsWith("header:")) {
                    return header().values(field.substring("header:".length()));
                }
                throw new IllegalArgumentException("not a text field: " + field);
        }
    }

    private String tag() {
        String local = recipient.getLocalPart();
        int separator = local.indexOf(LocalPart.SUBADDRESS_SEPARATOR);
        return separator < 0 ? "" : local.substring(separator + 1);
    }

    /** The whole decoded values, then each address: a test matches either. */
    private List<String> addressField(String name) {
        MessageContent content = header();
        return ImmutableList.<String>builder().addAll(content.values(name)).addAll(content.addresses(name)).build();
    }

    private List<String> body() {
        MessageContent content = full();
        List<String> body = new ArrayList<>(2);
        if (!content.plainText().isEmpty()) {
            body.add(content.plainText());
        }
        if (!content.htmlText().isEmpty()) {
            body.add(content.htmlText());
        }
        return body;
    }

    private List<String> attachmentNames() {
        List<String> names = new ArrayList<>();
        for (var attachment : full().attachments()) {
            attachment.fileName().ifPresent(names::add);
        }
        return names;
    }

    private List<String> attachmentTypes() {
        List<String> types = new ArrayList<>();
        for (var attachment : full().attachments()) {
            types.add(attachment.mimeType().toLowerCase(Locale.ROOT));
        }
        return types;
    }

    private byte[] raw() {
        if (raw == null) {
            raw = rawMessage.get();
        }
        return raw;
    }

    private MessageContent header() {
        if (full != null) {
            return full;
        }
        if (header == null) {
            headerParses++;
            header = sharedHeader != null ? sharedHeader.get() : read(true);
        }
        return header;
    }

    private MessageContent full() {
        if (full == null) {
            fullParses++;
            full = read(false);
        }
        return full;
    }

    /** MessageContent does not throw on malformed input; should it ever, the mail reads as an empty message. */
    private MessageContent read(boolean headerOnly) {
        byte[] message = raw();
        try {
            return headerOnly ? MessageContent.header(message) : MessageContent.parse(message);
        } catch (RuntimeException e) {
            LOGGER.warn("cannot read the message for {}'s rules; conditions see an empty message", recipient, e);
            return MessageContent.header(new byte[0]);
        }
    }
}
