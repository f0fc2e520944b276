package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A table column read from a JSON field: the first of its field names the item has. An optional column is left
 * out of a table when no row has a value for it, so a table shows what the server sends and no empty columns.
 */
final class Column {
    private final String header;
    private final List<String> fields;
    private final boolean optional;

    private Column(String header, List<String> fields, boolean optional) {
        this.header = header;
        this.fields = List.copyOf(fields);
        this.optional = optional;
    }

    static Column of(String header, String... fields) {
        return new Column(header, List.of(fields), false);
    }

    Column optional() {
        return new Column(header, fields, true);
    }

    String header() {
        return header;
    }

    boolean isOptional() {
        return optional;
    }

    JsonNode valueOf(JsonNode item) {
        for (String field : fields) {
            JsonNode value = item.path(field);
            if (!JsonText.isAbsent(value)) {
                return value;
            }
        }
        return item.path(fields.get(0));
    }

    String textOf(JsonNode item) {
        return JsonText.of(valueOf(item));
    }
}
