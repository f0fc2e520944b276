package io.smtpy.auth.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One header field exactly as it stands in a message: name, colon, value with its folding, line end. DKIM and ARC
 * hash header fields in a canonical form computed from these bytes (RFC 6376 §3.4.1, §3.4.2), so the field keeps
 * the bytes instead of a decoded value: decoding 8-bit headers and encoding them back could change what was signed.
 */
public final class HeaderField {
    private final byte[] source;
    private final int start;
    private final int colon;
    private final int contentEnd;
    private final int end;
    private final String name;

    /**
     * @param start first byte of the name
     * @param colon index of the colon ending the name
     * @param contentEnd one past the last byte of the value, the final line end excluded
     * @param end one past the final line end (equal to {@code contentEnd} when the field has no line end)
     */
    HeaderField(byte[] source, int start, int colon, int contentEnd, int end) {
        this.source = source;
        this.start = start;
        this.colon = colon;
        this.contentEnd = contentEnd;
        this.end = end;
        int nameEnd = colon;
        while (nameEnd > start && isWsp(source[nameEnd - 1])) {
            nameEnd--;
        }
        this.name = new String(source, start, nameEnd - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * A field from its text, {@code Name: value}, with or without the final CRLF; for the fields a signer builds.
     *
     * @throws IllegalArgumentException when the text has no field name before a colon
     */
    public static HeaderField of(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        int colon = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0 || !RawMessage.isFieldName(bytes, 0, colon)) {
            throw new IllegalArgumentException("not a header field: " + field);
        }
        int contentEnd = bytes.length;
        if (contentEnd >= 2 && bytes[contentEnd - 2] == '\r' && bytes[contentEnd - 1] == '\n') {
            contentEnd -= 2;
        }
        return new HeaderField(bytes, 0, colon, contentEnd, bytes.length);
    }

    /** The name as written, e.g. {@code DKIM-Signature}. */
    public String name() {
        return name;
    }

    /** Whether this field has {@code otherName}, compared as field names are: ASCII case-insensitive. */
    public boolean hasName(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }

    String lowerCaseName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Bytes of the whole field, final line end included. */
    public int length() {
        return end - start;
    }

    /** The value after the colon, folding kept, final line end removed, read as UTF-8. */
    public String value() {
        return new String(source, colon + 1, contentEnd - colon - 1, StandardCharsets.UTF_8);
    }

    /** The first {@code maxBytes} bytes of the value, read as UTF-8: a prefix without decoding a huge field. */
    public String valuePrefix(int maxBytes) {
        return new String(source, colon + 1, Math.min(maxBytes, contentEnd - colon - 1), StandardCharsets.UTF_8);
    }

    /**
     * This field with the value of tag {@code tag} deleted, whitespace around it included, as a signature's own
     * field is hashed with an empty {@code b=} (RFC 6376 §3.7). The first tag of that name counts; a field without
     * it is returned as is.
     */
    public HeaderField withTagValueEmptied(String tag) {
        int segmentStart = colon + 1;
        while (segmentStart <= contentEnd) {
            int segmentEnd = indexOf((byte) ';', segmentStart, contentEnd);
            if (segmentEnd < 0) {
                segmentEnd = contentEnd;
            }
            int equals = indexOf((byte) '=', segmentStart, segmentEnd);
            if (equals >= 0 && tagNameIs(segmentStart, equals, tag)) {
                int kept = equals + 1 - start;
                byte[] emptied = new byte[kept + end - segmentEnd];
                System.arraycopy(source, start, emptied, 0, kept);
                System.arraycopy(source, segmentEnd, emptied, kept, end - segmentEnd);
                return new HeaderField(emptied, 0, colon - start, kept + contentEnd - segmentEnd, emptied.length);
            }
            segmentStart = segmentEnd + 1;
        }
        return this;
    }

    private boolean tagNameIs(int from, int to, String tag) {
        while (from < to && isFws(source[from])) {
            from++;
        }
        while (to > from && isFws(source[to - 1])) {
            to--;
        }
        if (to - from != tag.length()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (source[from + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (source[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The "simple" form (RFC 6376 §3.4.1): the field unchanged, each line ended by CRLF (a bare LF counts as a line
     * end, as the message parser reads it).
     */
    void writeSimple(ByteSink out) {
        for (int i = start; i < end; i++) {
            byte b = source[i];
            if (b == '\n' && (i == start || source[i - 1] != '\r')) {
                out.write((byte) '\r');
            }
            out.write(b);
        }
        if (end == contentEnd) {
            out.write((byte) '\r');
            out.write((byte) '\n');
        }
    }

    /**
     * The "relaxed" form (RFC 6376 §3.4.2): lower-case name, no whitespace around the colon, value unfolded, runs
     * of spaces and tabs made one space, no whitespace at the ends of the value; then CRLF.
     */
    void writeRelaxed(ByteSink out) {
        for (int i = start; i < colon; i++) {
            byte b = source[i];
            if (isWsp(b)) {
                continue;
            }
            out.write(b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b);
        }
        out.write((byte) ':');
        boolean started = false;
        boolean pendingSpace = false;
        for (int i = colon + 1; i < contentEnd; i++) {
            byte b = source[i];
            if (b == '\n' || (b == '\r' && i + 1 < contentEnd && source[i + 1] == '\n')) {
                continue;
            }
            if (isWsp(b)) {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                out.write((byte) ' ');
                pendingSpace = false;
            }
            out.write(b);
            started = true;
        }
        out.write((byte) '\r');
        out.write((byte) '\n');
    }

    static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }

    static boolean isFws(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeaderField)) {
            return false;
        }
        HeaderField other = (HeaderField) o;
        return Arrays.equals(source, start, end, other.source, other.start, other.end)
            && colon - start == other.colon - other.start;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, length());
    }

    /** The first 200 bytes of the field, for logs. */
    @Override
    public String toString() {
        return new String(source, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
    }
}
