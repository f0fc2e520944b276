package io.smtpy.auth.dkim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A message split into its header fields and its body, once, in one pass, without copying: what DKIM and ARC
 * signers and verifiers read. Parsing never fails: a line that is neither a field nor a continuation (such as an
 * mbox {@code From } line) is skipped, and a message without the blank line is all header with an empty body.
 *
 * <p>Lines end with CRLF; a bare LF is read as a line end too, as common verifiers do, so a message whose line ends
 * were converted on the way is judged by its content.
 */
public final class RawMessage {
    private final byte[] bytes;
    private final List<HeaderField> fields;
    private final Map<String, List<HeaderField>> fieldsByName;
    private final int bodyOffset;

    private RawMessage(byte[] bytes, List<HeaderField> fields, int bodyOffset) {
        this.bytes = bytes;
        this.fields = Collections.unmodifiableList(fields);
        this.bodyOffset = bodyOffset;
        Map<String, List<HeaderField>> byName = new HashMap<>();
        for (HeaderField field : fields) {
            byName.computeIfAbsent(field.lowerCaseName(), any -> new ArrayList<>()).add(field);
        }
        this.fieldsByName = byName;
    }

    /** Splits {@code message}; the array is read, not copied, and must not change afterwards. */
    public static RawMessage parse(byte[] message) {
        List<HeaderField> fields = new ArrayList<>();
        int length = message.length;
        int position = 0;
        int fieldStart = -1;
        int fieldColon = -1;
        int fieldContentEnd = -1;
        int fieldEnd = -1;
        int bodyOffset = length;
        while (position < length) {
            int lineFeed = indexOfLineFeed(message, position);
            int next = lineFeed < 0 ? length : lineFeed + 1;
            int contentEnd = lineFeed < 0 ? length
                : lineFeed > position && message[lineFeed - 1] == '\r' ? lineFeed - 1 : lineFeed;
            if (contentEnd == position) {
                bodyOffset = next;
                break;
            }
            if (HeaderField.isWsp(message[position])) {
                if (fieldStart >= 0) {
                    fieldContentEnd = contentEnd;
                    fieldEnd = next;
                }
            } else {
                if (fieldStart >= 0) {
                    fields.add(new HeaderField(message, fieldStart, fieldColon, fieldContentEnd, fieldEnd));
                }
                int colon = indexOfColon(message, position, contentEnd);
                if (colon > position && isFieldName(message, position, colon)) {
                    fieldStart = position;
                    fieldColon = colon;
                    fieldContentEnd = contentEnd;
                    fieldEnd = next;
                } else {
                    fieldStart = -1;
                }
            }
            position = next;
        }
        if (fieldStart >= 0) {
            fields.add(new HeaderField(message, fieldStart, fieldColon, fieldContentEnd, fieldEnd));
        }
        return new RawMessage(message, fields, bodyOffset);
    }

    /** Printable US-ASCII but the colon (RFC 5322 §2.2), optionally followed by spaces (obsolete syntax). */
    static boolean isFieldName(byte[] bytes, int from, int colon) {
        int end = colon;
        while (end > from && HeaderField.isWsp(bytes[end - 1])) {
            end--;
        }
        if (end == from) {
            return false;
        }
        for (int i = from; i < end; i++) {
            if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfLineFeed(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfColon(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    /** Every header field, top to bottom. */
    public List<HeaderField> headerFields() {
        return fields;
    }

    /** The fields called {@code name} (case-insensitive), top to bottom. */
    public List<HeaderField> fieldsNamed(String name) {
        List<HeaderField> named = fieldsByName.get(name.toLowerCase(Locale.ROOT));
        return named == null ? List.of() : Collections.unmodifiableList(named);
    }

    /**
     * The fields a signature's {@code h=} list designates (RFC 6376 §5.4.2): for each name, the lowest instance not
     * yet taken, going up; a name with no instance left designates nothing (which is how over-signing works).
     */
    public List<HeaderField> select(List<String> names) {
        List<HeaderField> selected = new ArrayList<>(names.size());
        Map<String, Integer> taken = new HashMap<>();
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT);
            List<HeaderField> candidates = fieldsByName.get(key);
            int used = taken.getOrDefault(key, 0);
            if (candidates != null && used < candidates.size()) {
                selected.add(candidates.get(candidates.size() - 1 - used));
            }
            taken.put(key, used + 1);
        }
        return selected;
    }

    /** How many fields are called {@code name}. */
    public int count(String name) {
        return fieldsNamed(name).size();
    }

    byte[] bytes() {
        return bytes;
    }

    int bodyOffset() {
        return bodyOffset;
    }

    /** Octets of the body as received, before canonicalization. */
    public int bodyLength() {
        return bytes.length - bodyOffset;
    }
}
