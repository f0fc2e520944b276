package io.smtpy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** JSON in and out: one mapper for the whole CLI. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The JSON of a body; a missing node for an empty body, {@code null} when the body is not JSON. */
    static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The JSON of a body the server must have answered with JSON. */
    static JsonNode parse(String body) throws CliException {
        JsonNode node = parseOrNull(body);
        if (node == null) {
            throw new CliException(ExitCode.REFUSED, "the server answered with something that is not JSON");
        }
        return node;
    }

    static JsonNode parseLocal(String text, String what) throws CliException {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw CliException.usage(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
