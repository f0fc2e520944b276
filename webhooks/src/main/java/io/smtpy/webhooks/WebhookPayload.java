package io.smtpy.webhooks;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.model.DomainName;

/**
 * The JSON body of a webhook message, as Standard Webhooks suggests: {@code {"type", "timestamp", "data"}}, with the
 * event's type in its API spelling ({@code forwarded}, {@code bounced}...), the time it happened, and its fields in
 * {@code data} ({@code id, domain, alias, messageId, mailId, sender, recipients, smtpCode, enhancedStatus, detail}).
 * A test-send has the type {@value #TEST_TYPE}.
 */
public final class WebhookPayload {
    public static final String TEST_TYPE = "webhook.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookPayload() {
    }

    public static String of(MailEvent event) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", event.id().asString());
        data.put("domain", event.domain().asString());
        event.alias().ifPresent(alias -> data.put("alias", alias.asString()));
        event.messageId().ifPresent(id -> data.put("messageId", id));
        event.mailId().ifPresent(id -> data.put("mailId", id));
        data.put("sender", event.sender());
        ArrayNode recipients = data.putArray("recipients");
        event.recipients().forEach(recipients::add);
        event.smtpCode().ifPresent(code -> data.put("smtpCode", code));
        event.enhancedStatus().ifPresent(status -> data.put("enhancedStatus", status));
        data.put("detail", event.detail());
        return envelope(event.type().asString(), event.at(), data);
    }

    /** The body of a test-send for {@code domain}. */
    public static String test(DomainName domain, Instant at) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("domain", domain.asString());
        data.put("detail", "a test message sent on the owner's request");
        return envelope(TEST_TYPE, at, data);
    }

    /** The id a message of this event carries in {@code webhook-id}. */
    public static String messageId(MailEvent event) {
        return "msg_" + event.id().asString();
    }

    private static String envelope(String type, Instant at, ObjectNode data) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("type", type);
        body.put("timestamp", at.toString());
        body.set("data", data);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of strings and numbers is always written", impossible);
        }
    }
}
