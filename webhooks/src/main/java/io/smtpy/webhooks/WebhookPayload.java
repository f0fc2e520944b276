package io.smtpy.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.events.MailEvent;

/**
 * The JSON body of a webhook message, as Standard Webhooks suggests: {@code {"type", "timestamp", "data"}}, with the
 * event's type in its API spelling ({@code forwarded}, {@code bounced}...), the time it happened, and its fields in
 * {@code data} ({@code id, domain, alias, messageId, mailId, sender, recipients, smtpCode, enhancedStatus, detail}).
 * A test-send has the type {@value #TEST_TYPE}. A batch ({@link #batch}) is a JSON array of such messages.
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

    /** The body of a test-send for an endpoint of {@code scope}: its {@code domain}, or its {@code account}. */
    public static String test(WebhookScope scope, Instant at) {
        ObjectNode data = MAPPER.createObjectNode();
        scope.domain().ifPresent(domain -> data.put("domain", domain.asString()));
        scope.account().ifPresent(account -> data.put("account", account));
        data.put("detail", "a test message sent on the owner's request");
        return envelope(TEST_TYPE, at, data);
    }

    /**
     * The body of a batch: the messages, each as it would be sent alone, in a JSON array. Each keeps its
     * {@code data.id}, which receivers use to drop an event they already had (a retried batch may carry more events).
     */
    public static String batch(List<String> payloads) {
        return payloads.stream().collect(Collectors.joining(",", "[", "]"));
    }

    /** The {@code webhook-id} of a batch: {@code batch_} and its first delivery's id, the same on every retry. */
    public static String batchId(WebhookDelivery first) {
        return "batch_" + first.id().asString();
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
