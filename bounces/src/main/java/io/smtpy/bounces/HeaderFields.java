package io.smtpy.bounces;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Header-like fields ({@code Name: value}, folded lines unfolded, encoded words decoded) in the order written: a
 * message's header, and the groups of a {@code message/delivery-status} or {@code message/feedback-report} part,
 * which use the same syntax (RFC 3464 section 2, RFC 5965 section 3) separated by blank lines.
 */
final class HeaderFields {
    /** Enough for any real report; a part with more is cut, not refused. */
    static final int MAX_FIELDS = 1000;

    private static final class Field {
        private final String name;
        private final String value;

        Field(String name, String value) {
            this.name = name;
            this.value = value;
        }
    }

    private final List<Field> fields = new ArrayList<>();

    void add(String name, String rawValue) {
        if (fields.size() < MAX_FIELDS) {
            String unfolded = rawValue.replaceAll("\r?\n[ \t]*", " ").trim();
            fields.add(new Field(name.trim(), DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT).trim()));
        }
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The first field of that name (case-insensitive), if it has a value. */
    Optional<String> first(String name) {
        return fields.stream().filter(field -> field.name.equalsIgnoreCase(name)).map(field -> field.value)
            .filter(value -> !value.isEmpty()).findFirst();
    }

    List<String> all(String name) {
        return fields.stream().filter(field -> field.name.equalsIgnoreCase(name)).map(field -> field.value)
            .filter(value -> !value.isEmpty()).collect(Collectors.toList());
    }

    /** The groups of fields in {@code text}, separated by blank lines; lines that are not fields are skipped. */
    static List<HeaderFields> groups(String text) {
        List<HeaderFields> groups = new ArrayList<>();
        HeaderFields current = new HeaderFields();
        String name = null;
        StringBuilder value = new StringBuilder();
        int total = 0;
        for (String line : text.split("\r?\n", -1)) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && name != null && !line.isBlank()) {
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                current.add(name, value.toString());
                name = null;
            }
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    groups.add(current);
                    current = new HeaderFields();
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).matches("[!-9;-~]+") && ++total <= MAX_FIELDS) {
                name = line.substring(0, colon);
                value.setLength(0);
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            current.add(name, value.toString());
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** The first group of {@code text}: a message's header when the text is a message or its header. */
    static HeaderFields header(String text) {
        int end = text.indexOf("\n\n");
        int crlfEnd = text.indexOf("\r\n\r\n");
        int cut = end < 0 ? crlfEnd : crlfEnd < 0 ? end : Math.min(end, crlfEnd);
        List<HeaderFields> groups = groups(cut < 0 ? text : text.substring(0, cut));
        return groups.isEmpty() ? new HeaderFields() : groups.get(0);
    }
}
