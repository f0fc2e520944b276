package io.smtpy.core.directory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.Destination;

/**
 * One alias as the index keeps it: a few dozen bytes holding only what resolution reads (and the creation time,
 * which a replacing import keeps), instead of an {@link Alias} with its address, description, tags and a
 * {@link Destination} object graph per destination. {@link AliasTable} packs these records into its chunks; it
 * hands out a copy of one on a hit. A million aliases take ~67 MB instead of ~450 MB.
 *
 * <pre>
 * flags (1)  bit 0 enabled, bit 1 expires
 * key length (1), key: the local part, lower-case ASCII (a {@code LocalPart} is a dot-atom)
 * createdAt: epoch second (8), nano (4)
 * expiresAt, when flagged: epoch second (8), nano (4)
 * destination count (varint), then per destination: UTF-8 length (varint), {@link Destination#asString()} in UTF-8
 * </pre>
 *
 * <p>Destinations are parsed again on every hit ({@link Destination#of} of the text they were stored as, the
 * form James itself writes to and reads back from its mail queues): one parse for the alias that matched, against
 * ~250 bytes of objects per destination kept for every alias.
 */
final class AliasRecord {
    private static final int ENABLED = 1;
    private static final int EXPIRES = 2;
    private static final int KEY = 2;
    private static final int INSTANT_BYTES = 12;

    private AliasRecord() {
    }

    static byte[] of(Alias alias) {
        String key = alias.address().localPart().asString();
        List<Destination> destinations = alias.destinations();
        byte[][] texts = new byte[destinations.size()][];
        int length = KEY + key.length() + INSTANT_BYTES + (alias.expiresAt().isPresent() ? INSTANT_BYTES : 0)
            + varIntLength(texts.length);
        for (int i = 0; i < texts.length; i++) {
            texts[i] = destinations.get(i).asString().getBytes(StandardCharsets.UTF_8);
            length += varIntLength(texts[i].length) + texts[i].length;
        }
        byte[] record = new byte[length];
        record[0] = (byte) ((alias.enabled() ? ENABLED : 0) | (alias.expiresAt().isPresent() ? EXPIRES : 0));
        record[1] = (byte) key.length();
        for (int i = 0; i < key.length(); i++) {
            record[KEY + i] = (byte) key.charAt(i);
        }
        int at = writeInstant(record, KEY + key.length(), alias.createdAt());
        if (alias.expiresAt().isPresent()) {
            at = writeInstant(record, at, alias.expiresAt().get());
        }
        at = writeVarInt(record, at, texts.length);
        for (byte[] text : texts) {
            at = writeVarInt(record, at, text.length);
            System.arraycopy(text, 0, record, at, text.length);
            at += text.length;
        }
        return record;
    }

    /** Whether the record is the alias of this local part (lower-case; any string, valid or not, may be asked). */
    static boolean hasKey(byte[] record, String key) {
        return hasKey(record, 0, key);
    }

    /** {@link #hasKey(byte[], String)} of the record that starts at {@code at} in {@code bytes}. */
    static boolean hasKey(byte[] bytes, int at, String key) {
        int length = bytes[at + 1];
        if (key.length() != length) {
            return false;
        }
        int start = at + KEY;
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean sameKey(byte[] record, byte[] other) {
        int length = record[1];
        if (other[1] != length) {
            return false;
        }
        for (int i = KEY; i < KEY + length; i++) {
            if (record[i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    static String key(byte[] record) {
        return new String(record, KEY, record[1], StandardCharsets.US_ASCII);
    }

    /** The same hash as {@link String#hashCode()} of {@link #key}, without making the string. */
    static int keyHash(byte[] record) {
        int hash = 0;
        for (int i = 0; i < record[1]; i++) {
            hash = 31 * hash + record[KEY + i];
        }
        return hash;
    }

    static boolean enabled(byte[] record) {
        return (record[0] & ENABLED) != 0;
    }

    static Instant createdAt(byte[] record) {
        return readInstant(record, KEY + record[1]);
    }

    static boolean expires(byte[] record) {
        return (record[0] & EXPIRES) != 0;
    }

    /** As {@link Alias#isExpiredAt}: true once {@code now} has reached the expiry time. */
    static boolean isExpiredAt(byte[] record, Instant now) {
        return (record[0] & EXPIRES) != 0 && !now.isBefore(readInstant(record, KEY + record[1] + INSTANT_BYTES));
    }

    static List<Destination> destinations(byte[] record) {
        int at = KEY + record[1] + INSTANT_BYTES + ((record[0] & EXPIRES) != 0 ? INSTANT_BYTES : 0);
        int count = readVarInt(record, at);
        at += varIntLength(count);
        ImmutableList.Builder<Destination> destinations = ImmutableList.builderWithExpectedSize(count);
        for (int i = 0; i < count; i++) {
            int length = readVarInt(record, at);
            at += varIntLength(length);
            destinations.add(Destination.of(new String(record, at, length, StandardCharsets.UTF_8)));
            at += length;
        }
        return destinations.build();
    }

    private static int writeInstant(byte[] record, int at, Instant instant) {
        long seconds = instant.getEpochSecond();
        for (int i = 0; i < Long.BYTES; i++) {
            record[at + i] = (byte) (seconds >>> (8 * i));
        }
        int nanos = instant.getNano();
        for (int i = 0; i < Integer.BYTES; i++) {
            record[at + Long.BYTES + i] = (byte) (nanos >>> (8 * i));
        }
        return at + INSTANT_BYTES;
    }

    private static Instant readInstant(byte[] record, int at) {
        long seconds = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            seconds |= (record[at + i] & 0xFFL) << (8 * i);
        }
        int nanos = 0;
        for (int i = 0; i < Integer.BYTES; i++) {
            nanos |= (record[at + Long.BYTES + i] & 0xFF) << (8 * i);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    static int varIntLength(int value) {
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    /** @return the position after the varint */
    static int writeVarInt(byte[] record, int at, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            record[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        record[at++] = (byte) rest;
        return at;
    }

    static int readVarInt(byte[] record, int at) {
        int value = 0;
        int shift = 0;
        int position = at;
        byte b;
        do {
            b = record[position++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }
}
