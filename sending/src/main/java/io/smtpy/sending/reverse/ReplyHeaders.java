package io.smtpy.sending.reverse;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;

/**
 * The header of a reply going out as the alias, from the header the mailbox sent. What the mailbox's server and client
 * add around the message proper is left out, since it can name the mailbox: only the fields listed in {@link #KEPT}
 * are kept (the author and recipients, subject, date, threading, MIME), so {@code Received}, {@code Return-Path},
 * {@code Sender}, {@code Reply-To}, signatures ({@code DKIM-Signature}, {@code ARC-*}, which would no longer verify),
 * {@code Authentication-Results} and every {@code X-} field go. In those kept:
 * <ul>
 *   <li>{@code From}: the mailbox's address becomes the alias's, its display name is kept;</li>
 *   <li>{@code To}, {@code Cc}: each reverse alias becomes its original sender (with the name it came with), the
 *       mailbox's address the alias's.</li>
 * </ul>
 * Other kept fields are written as they came. The body is not touched (a client that quotes the mailbox's address in
 * the body, in a signature say, shows it there).
 */
public final class ReplyHeaders {
    static final Set<String> KEPT = Set.of("from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references",
        "mime-version", "content-type", "content-transfer-encoding", "content-disposition", "content-language", "content-id",
        "content-description", "importance", "priority", "x-priority", "thread-topic", "thread-index", "keywords");

    private ReplyHeaders() {
    }

    /**
     * @param headerLines the original fields, each as read (a first line with its continuation lines, bytes as
     *     ISO-8859-1 characters)
     * @param reverseAliases the reverse aliases the reply may name, by lower-cased address
     * @return the fields to write, each folded and ending with CRLF
     */
    public static List<String> rewrite(List<String> headerLines, MailAddress mailbox, MailAddress alias,
                                       Map<String, ReverseAlias> reverseAliases) {
        String mailboxKey = key(mailbox.asString());
        List<String> fields = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String lowered = name.toLowerCase(Locale.ROOT);
            if (!KEPT.contains(lowered)) {
                continue;
            }
            String value = line.substring(colon + 1);
            switch (lowered) {
                case "from":
                    fields.add(addressField(name, value, address -> key(address.getAddress()).equals(mailboxKey)
                        ? Optional.of(withPersonal(alias.asString(), address.getPersonal())) : Optional.empty()));
                    break;
                case "to":
                case "cc":
                    fields.add(addressField(name, value, address -> {
                        String key = key(address.getAddress());
                        if (key.equals(mailboxKey)) {
                            return Optional.of(withPersonal(alias.asString(), address.getPersonal()));
                        }
                        return Optional.ofNullable(reverseAliases.get(key)).map(reverse -> withPersonal(reverse.original().asString(),
                            reverse.originalName().isEmpty() ? null : reverse.originalName()));
                    }));
                    break;
                default:
                    // As received; bytes that were UTF-8 (an SMTPUTF8 header) go out as the same bytes.
                    fields.add(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) + "\r\n");
            }
        }
        return fields;
    }

    /** The field with each address {@code replace} answers for replaced; one that cannot be read is kept as it came. */
    private static String addressField(String name, String value, Function<InternetAddress, Optional<InternetAddress>> replace) {
        List<InternetAddress> addresses = ReplyPolicy.addresses(List.of(decoded(value)));
        String rewritten = addresses.stream()
            .map(address -> address.getAddress() == null ? address : replace.apply(address).orElse(address))
            .map(InternetAddress::toString)
            .collect(Collectors.joining(", "));
        return MimeUtility.fold(name.length() + 2, rewritten).isEmpty() ? name + ":\r\n"
            : name + ": " + MimeUtility.fold(name.length() + 2, rewritten) + "\r\n";
    }

    private static String decoded(String value) {
        return new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).replace("\r\n", "").replace("\n", "");
    }

    static InternetAddress withPersonal(String address, String personal) {
        try {
            return new InternetAddress(address, personal, StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String key(String address) {
        return address == null ? "" : address.toLowerCase(Locale.ROOT);
    }
}
