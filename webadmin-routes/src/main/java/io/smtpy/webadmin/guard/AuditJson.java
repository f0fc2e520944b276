package io.smtpy.webadmin.guard;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A resource's state as the audit log keeps it: its JSON with every field that could hold a secret replaced by
 * {@code "[redacted]"} (secrets, passwords, tokens, private keys, second factors), at any depth.
 */
public final class AuditJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "token", "privatekey", "totp", "recovery");
    public static final String REDACTED = "[redacted]";

    private AuditJson() {
    }

    public static Optional<String> redacted(Object value) {
        if (value == null || (value instanceof String && ((String) value).isEmpty())) {
            return Optional.empty();
        }
        try {
            JsonNode tree = value instanceof String ? MAPPER.readTree((String) value) : MAPPER.valueToTree(value);
            redact(tree);
            return Optional.of(MAPPER.writeValueAsString(tree));
        } catch (Exception e) {
            return Optional.of("\"" + REDACTED + "\"");
        }
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey().toLowerCase(Locale.ROOT);
                // A flag or a count is no secret ("totpEnrolled": true stays readable).
                boolean mayHoldASecret = !field.getValue().isBoolean() && !field.getValue().isNumber() && !field.getValue().isNull();
                if (mayHoldASecret && SECRET_WORDS.stream().anyMatch(name::contains)) {
                    field.setValue(object.textNode(REDACTED));
                } else {
                    redact(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode) {
            node.forEach(AuditJson::redact);
        }
    }
}
