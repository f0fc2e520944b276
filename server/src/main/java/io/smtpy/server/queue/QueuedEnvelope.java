package io.smtpy.server.queue;

import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;

/**
 * Everything of a queued {@link Mail} but its message, as one JSON object: what James's own queues keep (name,
 * state, error message, last update, envelope sender and recipients, remote host and address, per-recipient
 * headers, the attributes that have a JSON form) plus the queue's own bookkeeping (when the mail may be taken,
 * when and in which order it was enqueued).
 *
 * <p>Attributes without a JSON form ({@link AttributeValue#toJson()} empty: arbitrary serializable objects) are
 * left out and logged, as James's JMS and RabbitMQ queues leave them out.
 */
final class QueuedEnvelope {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueuedEnvelope.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode json;

    private QueuedEnvelope(ObjectNode json) {
        this.json = json;
    }

    static QueuedEnvelope of(Mail mail, long nextDeliveryMillis, long enqueuedAtMillis) {
        ObjectNode json = JSON.objectNode();
        json.put("name", mail.getName());
        json.put("state", mail.getState());
        json.put("errorMessage", mail.getErrorMessage());
        json.put("lastUpdated", mail.getLastUpdated() == null ? enqueuedAtMillis : mail.getLastUpdated().getTime());
        json.put("sender", mail.getMaybeSender().asString(""));
        ArrayNode recipients = json.putArray("recipients");
        mail.getRecipients().forEach(recipient -> recipients.add(recipient.asString()));
        json.put("remoteHost", mail.getRemoteHost());
        json.put("remoteAddr", mail.getRemoteAddr());
        ObjectNode headers = json.putObject("perRecipientHeaders");
        mail.getPerRecipientSpecificHeaders().getHeadersByRecipient().asMap().forEach((recipient, values) -> {
            ArrayNode list = headers.putArray(recipient.asString());
            values.forEach(header -> list.add(header.asString()));
        });
        ObjectNode attributes = json.putObject("attributes");
        mail.attributes().forEach(attribute -> {
            Optional<JsonNode> value = attribute.getValue().toJson();
            if (value.isPresent()) {
                attributes.set(attribute.getName().asString(), value.get());
            } else {
                LOGGER.debug("Mail {}: attribute {} has no JSON form and is not queued", mail.getName(), attribute.getName().asString());
            }
        });
        json.put("nextDelivery", nextDeliveryMillis);
        json.put("enqueuedAt", enqueuedAtMillis);
        return new QueuedEnvelope(json);
    }

    static QueuedEnvelope fromJson(JsonNode node) throws InvalidQueuedMailException {
        if (!(node instanceof ObjectNode)) {
            throw new InvalidQueuedMailException("the envelope is not a JSON object");
        }
        for (String required : List.of("name", "sender", "recipients", "nextDelivery", "enqueuedAt")) {
            if (!node.hasNonNull(required)) {
                throw new InvalidQueuedMailException("the envelope has no '" + required + "'");
            }
        }
        return new QueuedEnvelope((ObjectNode) node);
    }

    ObjectNode json() {
        return json;
    }

    String name() {
        return json.get("name").asText();
    }

    String sender() {
        return json.get("sender").asText();
    }

    List<String> recipients() {
        ImmutableList.Builder<String> recipients = ImmutableList.builder();
        json.get("recipients").forEach(recipient -> recipients.add(recipient.asText()));
        return recipients.build();
    }

    long nextDeliveryMillis() {
        return json.get("nextDelivery").asLong();
    }

    long enqueuedAtMillis() {
        return json.get("enqueuedAt").asLong();
    }

    /** Whether the owner holds it ({@link DurableMailQueue}'s owner actions): not delivered until released. */
    boolean held() {
        return json.path("held").asBoolean(false);
    }

    /** The same envelope, held or not, by its owner's action (a review reason it had goes: the owner acted on it). */
    QueuedEnvelope withHeld(boolean held) {
        ObjectNode copy = json.deepCopy();
        copy.put("held", held);
        copy.remove("heldReason");
        return new QueuedEnvelope(copy);
    }

    /** The same envelope, held for review from the start, saying why. */
    QueuedEnvelope heldForReview(String reason) {
        ObjectNode copy = json.deepCopy();
        copy.put("held", true);
        copy.put("heldReason", reason);
        return new QueuedEnvelope(copy);
    }

    /** Why it was taken in held for review; empty for any other mail, and once its owner held or released it. */
    Optional<String> heldReason() {
        JsonNode reason = json.path("heldReason");
        return reason.isTextual() ? Optional.of(reason.asText()) : Optional.empty();
    }

    /** The same envelope, due at {@code millis}. */
    QueuedEnvelope dueAt(long millis) {
        ObjectNode copy = json.deepCopy();
        copy.put("nextDelivery", millis);
        return new QueuedEnvelope(copy);
    }

    /** A String attribute's value, read from its JSON form ({@code {"serializer": ..., "value": ...}}). */
    Optional<String> textAttribute(String name) {
        JsonNode value = json.path("attributes").path(name).path("value");
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** An Integer attribute's value, read from its JSON form. */
    Optional<Integer> intAttribute(String name) {
        JsonNode value = json.path("attributes").path(name).path("value");
        return value.isNumber() ? Optional.of(value.asInt()) : Optional.empty();
    }

    /** The error message James keeps on the mail, if any. */
    Optional<String> errorMessage() {
        return Optional.ofNullable(text("errorMessage")).filter(text -> !text.isBlank());
    }

    /** The mail again, with {@code message} as its message. */
    Mail toMail(MimeMessageWrapper message) throws InvalidQueuedMailException {
        try {
            MailImpl.Builder builder = MailImpl.builder()
                .name(name())
                .sender(MaybeSender.getMailSender(sender()))
                .state(text("state"))
                .errorMessage(text("errorMessage"))
                .lastUpdated(new Date(json.path("lastUpdated").asLong()))
                .remoteHost(text("remoteHost"))
                .remoteAddr(text("remoteAddr"));
            for (String recipient : recipients()) {
                builder.addRecipient(new MailAddress(recipient));
            }
            builder.addAllHeadersForRecipients(perRecipientHeaders());
            builder.addAttributes(attributes());
            MailImpl mail = builder.build();
            // As it is: Builder.mimeMessage would copy the whole message into a new wrapper first.
            mail.setMessageNoCopy(message);
            return mail;
        } catch (AddressException e) {
            throw new InvalidQueuedMailException("an address of the envelope is invalid: " + e.getMessage());
        } catch (MessagingException | RuntimeException e) {
            throw new InvalidQueuedMailException("the envelope does not make a mail: " + e.getMessage());
        }
    }

    private String text(String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private PerRecipientHeaders perRecipientHeaders() throws AddressException {
        PerRecipientHeaders headers = new PerRecipientHeaders();
        Iterator<Map.Entry<String, JsonNode>> recipients = json.path("perRecipientHeaders").fields();
        while (recipients.hasNext()) {
            Map.Entry<String, JsonNode> recipient = recipients.next();
            MailAddress address = new MailAddress(recipient.getKey());
            for (JsonNode header : recipient.getValue()) {
                headers.addHeaderForRecipient(PerRecipientHeaders.Header.fromString(header.asText()), address);
            }
        }
        return headers;
    }

    private List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = json.path("attributes").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.add(new Attribute(AttributeName.of(field.getKey()), AttributeValue.fromJson(field.getValue())));
        }
        return attributes;
    }
}
