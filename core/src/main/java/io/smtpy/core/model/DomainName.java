package io.smtpy.core.model;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A domain smtpy forwards for: internationalised names are converted to their ASCII (punycode) form and
 * lower-cased, so that {@code Bücher.example} and {@code xn--bcher-kva.example} are the same domain.
 *
 * <p>Rules (RFC 1035 / RFC 5890): at most 253 characters, at least two labels, each label 1 to 63
 * letters, digits or hyphens, not starting or ending with a hyphen; the last label is not all digits.
 */
public final class DomainName implements Comparable<DomainName> {
    private static final int MAX_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    private final String ascii;

    private DomainName(String ascii) {
        this.ascii = ascii;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the name
     */
    public static DomainName of(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("domain name must not be empty");
        }
        if (isCanonical(name)) {
            return new DomainName(name);
        }
        String candidate = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String ascii;
        try {
            ascii = IDN.toASCII(candidate, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a valid domain name: " + e.getMessage());
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("domain name is longer than " + MAX_LENGTH + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            throw new IllegalArgumentException("'" + name + "' is not a valid domain name: it needs at least two labels");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid domain name: empty label");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("'" + name + "' is not a valid domain name: label '" + label
                    + "' is longer than " + MAX_LABEL_LENGTH + " characters");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid domain name: label '" + label
                    + "' may hold only letters, digits and inner hyphens");
            }
        }
        if (ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid domain name: the top-level label is numeric");
        }
        return new DomainName(ascii);
    }

    /**
     * Whether the name already is in the form {@link #of} returns, checked in one pass without IDN conversion or
     * regexes (recipients and destinations arrive in this form nearly always). IDN conversion leaves such a name
     * as it is, so both paths give the same result; anything else (upper case, Unicode, a trailing dot, an
     * invalid name) takes the full path, which also words the errors.
     */
    private static boolean isCanonical(String name) {
        int length = name.length();
        if (length > MAX_LENGTH) {
            return false;
        }
        int labels = 0;
        int labelStart = 0;
        boolean allDigits = true;
        for (int i = 0; i <= length; i++) {
            char c = i == length ? '.' : name.charAt(i);
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > MAX_LABEL_LENGTH
                    || name.charAt(labelStart) == '-' || name.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i < length) {
                    labelStart = i + 1;
                    allDigits = true;
                }
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if ((c >= 'a' && c <= 'z') || c == '-') {
                allDigits = false;
            } else {
                return false;
            }
        }
        return labels >= 2 && !allDigits;
    }

    /** The ASCII, lower-case form: the one stored, compared and shown in the API. */
    public String asString() {
        return ascii;
    }

    /** The Unicode form, for display. */
    public String unicode() {
        return IDN.toUnicode(ascii);
    }

    @Override
    public int compareTo(DomainName other) {
        return ascii.compareTo(other.ascii);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName && ((DomainName) o).ascii.equals(ascii);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }
}
