package io.smtpy.access;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

import io.smtpy.core.model.InvalidFieldException;

/**
 * The identifier of an access resource (account, member, key, session, invitation): a kind prefix and random
 * lower-case letters and digits, such as {@code acc_k3j9x2...}. Opaque to clients; safe in paths and logs.
 */
public final class AccessId implements Comparable<AccessId> {
    private static final Pattern FORM = Pattern.compile("[a-z]{2,5}_[a-z0-9]{1,40}");
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private AccessId(String value) {
        this.value = value;
    }

    public static AccessId generate(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 16; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return new AccessId(id.toString());
    }

    /** @throws InvalidFieldException naming {@code field} when the text is not an identifier */
    public static AccessId parse(String value, String field) {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidFieldException(field, "'" + field + "' is not a valid identifier");
        }
        return new AccessId(value);
    }

    /** For stored values, which were valid when written. */
    public static AccessId of(String value) {
        return parse(value, "id");
    }

    public String asString() {
        return value;
    }

    @Override
    public int compareTo(AccessId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessId && ((AccessId) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
