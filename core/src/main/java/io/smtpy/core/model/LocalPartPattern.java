package io.smtpy.core.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Matches local parts of a catch-all exception: an exact local part ({@code billing}) or a glob where {@code *}
 * stands for any run of characters and {@code ?} for one ({@code newsletter-*}). Case-insensitive.
 */
public final class LocalPartPattern {
    private static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9!#$%&'/=^_`{|}~.*?-]+");

    private final String text;
    private final Pattern compiled;

    private LocalPartPattern(String text) {
        this.text = text;
        this.compiled = Pattern.compile(toRegex(text));
    }

    /**
     * @throws IllegalArgumentException for an empty, too long or ill-formed pattern
     */
    public static LocalPartPattern of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern is longer than " + MAX_LENGTH + " characters");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (!ALLOWED.matcher(lower).matches()) {
            throw new IllegalArgumentException("pattern '" + raw + "' may hold only local-part characters, '*' and '?'");
        }
        return new LocalPartPattern(lower);
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    public boolean matches(LocalPart localPart) {
        return compiled.matcher(localPart.asString()).matches();
    }

    public String asString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalPartPattern && ((LocalPartPattern) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
