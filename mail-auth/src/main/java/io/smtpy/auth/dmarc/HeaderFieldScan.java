package io.smtpy.auth.dmarc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one name in the header block of a raw message (RFC 5322 §2.2): how many there are, and the
 * unfolded values of the first few, decoded as UTF-8 (RFC 6532).
 *
 * <p>The header block ends at the first empty line; lines ending in LF alone are accepted. A line that is neither
 * a field nor a continuation (an mbox {@code From } line, garbage) is skipped rather than ending the block, so a
 * second From field cannot hide behind it. Work is one pass over the header block; memory is bounded by
 * {@code maxKept} values of at most {@link #MAX_VALUE_BYTES} each.
 */
final class HeaderFieldScan {
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private final int count;
    private final List<String> values;
    private final boolean truncated;

    private HeaderFieldScan(int count, List<String> values, boolean truncated) {
        this.count = count;
        this.values = values;
        this.truncated = truncated;
    }

    /** How many fields of the name the header block has. */
    int count() {
        return count;
    }

    /** The unfolded values of the first fields of the name (without the name and colon). */
    List<String> values() {
        return values;
    }

    /** Whether a kept value was longer than {@link #MAX_VALUE_BYTES} and was cut. */
    boolean truncated() {
        return truncated;
    }

    static HeaderFieldScan of(byte[] message, String fieldName, int maxKept) {
        byte[] name = fieldName.getBytes(StandardCharsets.US_ASCII);
        int count = 0;
        boolean truncated = false;
        List<String> values = new ArrayList<>();
        ByteArrayOutputStream current = null;
        int position = 0;
        while (position < message.length) {
            int end = lineEnd(message, position);
            int contentEnd = end > position && message[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == position) {
                break;
            }
            boolean continuation = message[position] == ' ' || message[position] == '\t';
            if (continuation) {
                if (current != null) {
                    truncated |= append(current, message, position, contentEnd);
                }
            } else {
                current = finish(current, values);
                int valueStart = valueStart(message, position, contentEnd, name);
                if (valueStart >= 0) {
                    count++;
                    if (values.size() < maxKept) {
                        current = new ByteArrayOutputStream();
                        truncated |= append(current, message, valueStart, contentEnd);
                    }
                }
            }
            position = end + 1;
        }
        finish(current, values);
        return new HeaderFieldScan(count, values, truncated);
    }

    private static int lineEnd(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == '\n') {
                return i;
            }
        }
        return message.length;
    }

    /**
     * Where the value starts when the line opens a field named {@code name}: the name (printable ASCII but colon),
     * optional white space (RFC 5322 §4.5.2 obsolete syntax), a colon. -1 for another field or no field at all.
     */
    private static int valueStart(byte[] message, int from, int to, byte[] name) {
        int i = from;
        while (i < to && message[i] > 32 && message[i] < 127 && message[i] != ':') {
            i++;
        }
        int nameEnd = i;
        while (i < to && (message[i] == ' ' || message[i] == '\t')) {
            i++;
        }
        if (i >= to || message[i] != ':' || nameEnd - from != name.length) {
            return -1;
        }
        for (int k = 0; k < name.length; k++) {
            if (Character.toLowerCase((char) message[from + k]) != Character.toLowerCase((char) name[k])) {
                return -1;
            }
        }
        return i + 1;
    }

    /** Unfolding removes the line break and keeps the white space that starts the next line. */
    private static boolean append(ByteArrayOutputStream value, byte[] message, int from, int to) {
        int room = MAX_VALUE_BYTES - value.size();
        value.write(message, from, Math.min(room, to - from));
        return to - from > room;
    }

    private static ByteArrayOutputStream finish(ByteArrayOutputStream current, List<String> values) {
        if (current != null) {
            values.add(new String(current.toByteArray(), StandardCharsets.UTF_8));
        }
        return null;
    }
}
