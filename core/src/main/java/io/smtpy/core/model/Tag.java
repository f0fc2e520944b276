package io.smtpy.core.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** Labels owners put on aliases to group and filter them. Lower-case, 1 to 64 characters. */
public final class Tag {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_.:-]{0,63}");

    private Tag() {
    }

    /**
     * @throws IllegalArgumentException when the label has other characters or is too long
     */
    public static String normalize(String raw) {
        String lower = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
        if (!LABEL.matcher(lower).matches()) {
            throw new IllegalArgumentException("tag '" + raw + "' must be 1 to 64 characters among a-z 0-9 _ . : -"
                + " and start with a letter or digit");
        }
        return lower;
    }
}
