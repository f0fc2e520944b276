package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How a JSON value reads in a table cell: text as is, lists joined with commas, objects as {@code key=value}. */
final class JsonText {
    static final String ABSENT = "-";

    private JsonText() {
    }

    static String of(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return ABSENT;
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(of(element)));
            return parts.isEmpty() ? ABSENT : String.join(", ", parts);
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                parts.add(field.getKey() + "=" + of(field.getValue()));
            }
            return parts.isEmpty() ? ABSENT : String.join(", ", parts);
        }
        return value.asText().replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    static boolean isAbsent(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull();
    }
}
