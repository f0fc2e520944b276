package io.smtpy.search.opensearch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.JourneyTerm;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventId;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The documents of the event and journey indices (mappings in {@code events-mappings.json} and
 * {@code journeys-mappings.json}): field names in snake case, absent optionals as absent fields, instants as
 * ISO-8601 text with nine fraction digits, which {@code date_nanos} fields index to the nanosecond and which reads back
 * as the same {@link Instant}.
 */
final class EventDocuments {
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
        .withZone(ZoneOffset.UTC);

    private EventDocuments() {
    }

    static String instant(Instant at) {
        return NANOS.format(at);
    }

    /** An event as indexed; {@code seq} is its place in the order of appending. */
    static ObjectNode event(MailEvent event, long seq) {
        ObjectNode doc = OpenSearchHttp.object();
        doc.put("id", event.id().asString());
        doc.put("at", instant(event.at()));
        doc.put("seq", seq);
        doc.put("domain", event.domain().asString());
        event.alias().ifPresent(alias -> doc.put("alias", alias.asString()));
        doc.put("type", event.type().asString());
        event.messageId().ifPresent(value -> doc.put("message_id", value));
        event.mailId().ifPresent(value -> doc.put("mail_id", value));
        event.journeyId().ifPresent(value -> doc.put("journey_id", value));
        doc.put("sender", event.sender());
        strings(doc.putArray("recipients"), event.recipients());
        event.smtpCode().ifPresent(code -> doc.put("smtp_code", code));
        event.enhancedStatus().ifPresent(value -> doc.put("enhanced_status", value));
        doc.put("detail", event.detail());
        event.subject().ifPresent(value -> doc.put("subject", value));
        return doc;
    }

    static MailEvent event(JsonNode doc) {
        return MailEvent.builder(DomainName.of(doc.path("domain").asText()), MailEventType.parse(doc.path("type").asText()),
                Instant.parse(doc.path("at").asText()))
            .id(MailEventId.of(doc.path("id").asText()))
            .alias(optional(doc, "alias").map(LocalPart::of))
            .messageId(optional(doc, "message_id"))
            .mailId(optional(doc, "mail_id"))
            .journeyId(optional(doc, "journey_id"))
            .sender(doc.path("sender").asText())
            .recipients(strings(doc.path("recipients")))
            .smtpCode(doc.hasNonNull("smtp_code") ? Optional.of(doc.get("smtp_code").asInt()) : Optional.empty())
            .enhancedStatus(optional(doc, "enhanced_status"))
            .detail(doc.path("detail").asText())
            .subject(optional(doc, "subject"))
            .build();
    }

    static ObjectNode journey(JourneySummary summary) {
        ObjectNode doc = OpenSearchHttp.object();
        doc.put("domain", summary.domain().asString());
        doc.put("journey_id", summary.id());
        doc.put("first_at", instant(summary.firstAt()));
        doc.put("last_at", instant(summary.lastAt()));
        doc.put("status", summary.status().asString());
        summary.messageId().ifPresent(value -> doc.put("message_id", value));
        summary.subject().ifPresent(value -> {
            doc.put("subject", value);
            // The same lower-casing as JourneyQuery's, done here once rather than by an analyzer that might differ.
            doc.put("subject_lower", value.toLowerCase(Locale.ROOT));
        });
        doc.put("sender", summary.sender());
        strings(doc.putArray("recipients"), summary.recipients());
        summary.arrivalMailId().ifPresent(value -> doc.put("arrival_mail_id", value));
        doc.put("arrived", summary.arrived());
        ObjectNode terms = doc.putObject("terms");
        for (JourneyTerm kind : JourneyTerm.values()) {
            strings(terms.putArray(kind.asString()), new ArrayList<>(summary.terms(kind)));
        }
        doc.put("reasons", summary.reasons());
        return doc;
    }

    /** A stored summary, as a builder to add more events to. */
    static JourneySummary.Builder journeyBuilder(JsonNode doc) {
        JourneySummary.Builder builder = JourneySummary.builder(DomainName.of(doc.path("domain").asText()),
                doc.path("journey_id").asText())
            .restore(Instant.parse(doc.path("first_at").asText()), Instant.parse(doc.path("last_at").asText()),
                MailEventType.parse(doc.path("status").asText()), optional(doc, "message_id"), optional(doc, "subject"),
                doc.path("sender").asText(), strings(doc.path("recipients")), optional(doc, "arrival_mail_id"),
                doc.path("arrived").asBoolean(), doc.path("reasons").asText());
        for (JourneyTerm kind : JourneyTerm.values()) {
            strings(doc.path("terms").path(kind.asString())).forEach(value -> builder.term(kind, value));
        }
        return builder;
    }

    /**
     * The document id of a journey: a hash, since a journey id may be as long as an id may be (512 bytes), and the
     * domain must be part of it (two domains may see the same mail).
     */
    static String journeyDocumentId(DomainName domain, String journeyId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(domain.asString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(journeyId.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest.digest()) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Optional<String> optional(JsonNode doc, String field) {
        return doc.hasNonNull(field) ? Optional.of(doc.get(field).asText()) : Optional.empty();
    }

    private static void strings(ArrayNode into, List<String> values) {
        values.forEach(into::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
