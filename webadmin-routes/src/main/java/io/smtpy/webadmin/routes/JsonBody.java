package io.smtpy.webadmin.routes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.core.model.InvalidFieldException;

/**
 * A JSON request body read field by field, so that every error names its field: unknown fields, wrong
 * types and bad values are refused with {@link InvalidFieldException}. Distinguishes a field that is absent
 * (leave unchanged) from one that is {@code null} (clear it), which PATCH needs.
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode object;
    private final String prefix;

    private JsonBody(ObjectNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** An empty or blank body reads as an empty object. */
    static JsonBody parse(String body, Set<String> allowedFields) {
        if (body == null || body.isBlank()) {
            return new JsonBody(MAPPER.createObjectNode(), "");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "malformed JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (!(node instanceof ObjectNode)) {
            throw new InvalidFieldException("body", "expected a JSON object");
        }
        return new JsonBody((ObjectNode) node, "").allowOnly(allowedFields);
    }

    static JsonBody of(JsonNode node, String field, Set<String> allowedFields) {
        if (!(node instanceof ObjectNode)) {
            throw new InvalidFieldException(field, "expected a JSON object");
        }
        return new JsonBody((ObjectNode) node, field + ".").allowOnly(allowedFields);
    }

    private JsonBody allowOnly(Set<String> allowedFields) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new InvalidFieldException(prefix + name, "unknown field '" + prefix + name + "' (allowed: "
                    + String.join(", ", new java.util.TreeSet<>(allowedFields)) + ")");
            }
        }
        return this;
    }

    /** A nested object, its fields checked against {@code allowedFields}; empty when absent or null. */
    Optional<JsonBody> object(String field, Set<String> allowedFields) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(of(node, name(field), allowedFields));
    }

    boolean has(String field) {
        return object.has(field);
    }

    /** Present and JSON {@code null}. */
    boolean isNull(String field) {
        return object.has(field) && object.get(field).isNull();
    }

    private String name(String field) {
        return prefix + field;
    }

    Optional<Boolean> bool(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be true or false");
        }
        return Optional.of(node.booleanValue());
    }

    Optional<Integer> integer(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isInt()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be an integer");
        }
        return Optional.of(node.intValue());
    }

    /** Absent: empty. Otherwise a JSON integer that fits a long (byte counts beyond an int). */
    Optional<Long> longInteger(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be an integer");
        }
        return Optional.of(node.longValue());
    }

    /** Absent: empty. Otherwise a finite JSON number (integer or decimal). */
    Optional<Double> number(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be a number");
        }
        return Optional.of(node.doubleValue());
    }

    /** Absent: empty. {@code null}: refused — use {@link #nullableText} where null means "clear". */
    Optional<String> text(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be a string");
        }
        return Optional.of(node.textValue());
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> new InvalidFieldException(name(field), "'" + name(field) + "' is required"));
    }

    /** Absent: empty. Present: the string, or an empty Optional inside for {@code null}. */
    Optional<Optional<String>> nullableText(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(text(field));
    }

    /** Absent: empty. {@code null}: an empty Optional inside. Otherwise an ISO-8601 date-time with offset. */
    Optional<Optional<Instant>> nullableInstant(String field) {
        return nullableText(field).map(value -> value.map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(name(field), "'" + name(field) + "' must be an ISO-8601 date-time with offset, "
                    + "e.g. 2026-12-31T23:59:00Z; got '" + text + "'");
            }
        }));
    }

    Optional<List<String>> stringList(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new InvalidFieldException(name(field) + "[" + i + "]", "'" + name(field) + "[" + i + "]' must be a string");
            }
            values.add(node.get(i).textValue());
        }
        return Optional.of(values);
    }

    List<String> requiredStringList(String field) {
        return stringList(field).orElseThrow(() -> new InvalidFieldException(name(field), "'" + name(field) + "' is required"));
    }

    Optional<List<JsonNode>> array(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be an array");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return Optional.of(items);
    }

    /** Absent: empty. Otherwise a JSON object. */
    Optional<JsonNode> object(String field) {
        JsonNode node = object.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InvalidFieldException(name(field), "'" + name(field) + "' must be a JSON object");
        }
        return Optional.of(node);
    }

    /** Reads an array that must be the whole body. */
    static List<JsonNode> parseArray(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "malformed JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isArray()) {
            throw new InvalidFieldException("body", "expected a JSON array");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }
}
