package io.smtpy.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of an alias address before the {@code @}. Case-insensitive (stored lower-case).
 *
 * <p>A dot-atom (RFC 5322 §3.2.3) of at most 64 characters, without {@code +}: the plus sign starts a
 * subaddress tag ({@code alias+tag@domain} resolves as {@code alias@domain}), so an alias holding one could
 * never be reached.
 */
public final class LocalPart implements Comparable<LocalPart> {
    public static final char SUBADDRESS_SEPARATOR = '+';
    private static final int MAX_LENGTH = 64;
    private static final String ATOM_SYMBOLS = "!#$%&'*/=?^_`{|}~-";
    /** Characters of an atom after lower-casing, by code: letters, digits and {@link #ATOM_SYMBOLS}. */
    private static final boolean[] ATEXT = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ATEXT[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ATEXT[c] = true;
        }
        for (char c : ATOM_SYMBOLS.toCharArray()) {
            ATEXT[c] = true;
        }
    }

    private final String value;

    private LocalPart(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the local part
     */
    public static LocalPart of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("local part must not be empty");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("local part is longer than " + MAX_LENGTH + " characters");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.indexOf(SUBADDRESS_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("local part '" + raw + "' must not contain '+': it starts a subaddress tag");
        }
        if (!isDotAtom(lower)) {
            throw new IllegalArgumentException("local part '" + raw + "' is not a valid dot-atom (letters, digits, "
                + "!#$%&'*/=?^_`{|}~- and single inner dots)");
        }
        return new LocalPart(lower);
    }

    /**
     * {@code atext+("." atext+)*} over lower-case {@code atext}, checked by hand rather than by a regex: the
     * resolver validates the local part of every recipient that is not an exact alias.
     */
    private static boolean isDotAtom(String lower) {
        boolean atomStart = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '.' && !atomStart) {
                atomStart = true;
            } else if (c < ATEXT.length && ATEXT[c]) {
                atomStart = false;
            } else {
                return false;
            }
        }
        return !atomStart;
    }

    /**
     * The alias a recipient's local part names: the part before any {@code +tag}, when that is a valid alias name.
     */
    public static Optional<LocalPart> ofRecipient(String rawLocalPart) {
        int tag = rawLocalPart.indexOf(SUBADDRESS_SEPARATOR);
        try {
            return Optional.of(of(tag < 0 ? rawLocalPart : rawLocalPart.substring(0, tag)));
        } catch (IllegalArgumentException notAnAliasName) {
            return Optional.empty();
        }
    }

    public String asString() {
        return value;
    }

    @Override
    public int compareTo(LocalPart other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalPart && ((LocalPart) o).value.equals(value);
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
