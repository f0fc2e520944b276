package io.smtpy.rules.post;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.rules.mime.MessageContent;

/**
 * The body of a post, in the format the owner chose for the rule.
 *
 * <ul>
 *     <li>{@value #RAW}: the message exactly as received, {@code message/rfc822}: for endpoints that parse mail
 *     themselves or archive it.</li>
 *     <li>{@value #JSON}: {@code application/json}, the message already read, for endpoints that want fields:
 *     <pre>{"domain", "rule", "sender" (envelope, "" for the null sender), "recipient", "receivedAt" (ISO-8601),
 * "size" (bytes of the message), "subject", "from" (the first From address), "to": [addresses],
 * "messageId", "headers": [{"name", "value"}] (every field in order, unfolded and decoded),
 * "text" (the text/plain parts), "html" (the text/html parts reduced to text: tags, scripts and styles
 * dropped, never the markup), "attachments": [{"fileName", "mimeType", "size"}],
 * "verdicts": {"spf", "dkim", "dmarc", "arc"}}</pre>
 *     A field the message lacks ({@code subject}, {@code from}, {@code messageId}, a file name, a verdict not
 *     evaluated) is {@code null}; text parts are capped at {@value MessageContent#MAX_TEXT_CHARS} characters each.</li>
 * </ul>
 */
public final class PostPayload {
    public static final String RAW = "raw";
    public static final String JSON = "json";
    private static final List<String> VERDICTS = List.of("spf", "dkim", "dmarc", "arc");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PostPayload() {
    }

    /**
     * The {@code Content-Type} of a format.
     *
     * @throws InvalidFieldException (field {@code format}) when it is neither {@value #RAW} nor {@value #JSON}
     */
    public static String contentType(String format) {
        if (RAW.equals(format)) {
            return "message/rfc822";
        }
        if (JSON.equals(format)) {
            return "application/json";
        }
        throw new InvalidFieldException("format", "a post's format is '" + RAW + "' or '" + JSON + "', not '" + format + "'");
    }

    /**
     * The body in {@code format}.
     *
     * @throws InvalidFieldException (field {@code format}) when it is neither {@value #RAW} nor {@value #JSON}
     */
    public static byte[] of(String format, PostContext context, byte[] message) {
        contentType(format);
        return RAW.equals(format) ? raw(message) : json(context, message);
    }

    public static byte[] raw(byte[] message) {
        return message;
    }

    public static byte[] json(PostContext context, byte[] message) {
        MessageContent content = MessageContent.parse(message);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("domain", context.domain().asString());
        root.put("rule", context.rule());
        root.put("sender", context.sender().asOptional().map(MailAddress::asString).orElse(""));
        root.put("recipient", context.recipient().asString());
        root.put("receivedAt", context.receivedAt().toString());
        root.put("size", content.size());
        root.put("subject", content.first("Subject").orElse(null));
        root.put("from", content.addresses("From").stream().findFirst().orElse(null));
        ArrayNode to = root.putArray("to");
        content.addresses("To").forEach(to::add);
        root.put("messageId", content.first("Message-ID").orElse(null));
        ArrayNode headers = root.putArray("headers");
        for (MessageContent.Field field : content.fields()) {
            headers.addObject().put("name", field.name()).put("value", field.value());
        }
        root.put("text", content.plainText());
        root.put("html", content.htmlText());
        ArrayNode attachments = root.putArray("attachments");
        for (MessageContent.Attachment attachment : content.attachments()) {
            attachments.addObject()
                .put("fileName", attachment.fileName().orElse(null))
                .put("mimeType", attachment.mimeType())
                .put("size", attachment.size());
        }
        ObjectNode verdicts = root.putObject("verdicts");
        for (String method : VERDICTS) {
            verdicts.put(method, verdict(context, method).orElse(null));
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", impossible);
        }
    }

    private static Optional<String> verdict(PostContext context, String method) {
        return context.verdicts().entrySet().stream()
            .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(method))
            .map(Map.Entry::getValue)
            .findFirst();
    }
}
