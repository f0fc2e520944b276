package io.smtpy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Rows of text in aligned columns, two spaces apart, with an optional header line; no colour, no borders. */
final class Table {
    private static final String GAP = "  ";

    private final Optional<List<String>> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(Optional<List<String>> headers) {
        this.headers = headers;
    }

    static Table withHeaders(String... headers) {
        return new Table(Optional.of(List.of(headers)));
    }

    static Table withHeaders(List<String> headers) {
        return new Table(Optional.of(List.copyOf(headers)));
    }

    static Table withoutHeaders() {
        return new Table(Optional.empty());
    }

    /** One row per item; optional columns no item has a value for are left out. */
    static Table of(List<Column> columns, Iterable<JsonNode> items) {
        List<Column> shown = columns.stream()
            .filter(column -> !column.isOptional() || anyHasValue(column, items))
            .collect(Collectors.toList());
        Table table = withHeaders(shown.stream().map(Column::header).collect(Collectors.toList()));
        for (JsonNode item : items) {
            table.row(shown.stream().map(column -> column.textOf(item)).collect(Collectors.toList()));
        }
        return table;
    }

    /** A JSON object as {@code field  value} lines, in the server's order. */
    static Table fields(JsonNode object) {
        Table table = withoutHeaders();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.row(field.getKey(), JsonText.of(field.getValue()));
        }
        return table;
    }

    Table row(String... cells) {
        return row(List.of(cells));
    }

    Table row(List<String> cells) {
        int width = headers.map(List::size).orElse(cells.size());
        if (cells.size() != width && headers.isPresent()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + width + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as lines, each ending with a newline, without trailing spaces. */
    String render() {
        List<List<String>> lines = new ArrayList<>();
        headers.ifPresent(lines::add);
        lines.addAll(rows);
        int columns = lines.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], width(line.get(i)));
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    out.append(GAP);
                }
                out.append(line.get(i));
                if (i < line.size() - 1) {
                    out.append(" ".repeat(widths[i] - width(line.get(i))));
                }
            }
            text.append(out.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    private static boolean anyHasValue(Column column, Iterable<JsonNode> items) {
        for (JsonNode item : items) {
            if (!JsonText.of(column.valueOf(item)).equals(JsonText.ABSENT)) {
                return true;
            }
        }
        return false;
    }
}
