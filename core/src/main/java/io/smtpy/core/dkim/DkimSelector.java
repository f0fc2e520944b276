package io.smtpy.core.dkim;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * The {@code s=} of a DKIM signature: one DNS label (1 to 63 letters, digits or inner hyphens), lower-cased.
 * RFC 6376 would allow dotted selectors; smtpy generates single labels and accepts nothing else, so a selector
 * can never reach into another name of the zone.
 */
public final class DkimSelector implements Comparable<DkimSelector> {
    public static final String FIELD = "selector";
    private static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private final String value;

    private DkimSelector(String value) {
        this.value = value;
    }

    /** @throws InvalidFieldException (field {@code selector}) naming what is wrong */
    public static DkimSelector of(String selector) {
        if (selector == null || selector.isEmpty()) {
            throw new InvalidFieldException(FIELD, "selector must not be empty");
        }
        String lower = selector.toLowerCase(Locale.ROOT);
        if (lower.length() > MAX_LENGTH) {
            throw new InvalidFieldException(FIELD, "selector is longer than " + MAX_LENGTH + " characters");
        }
        if (!LABEL.matcher(lower).matches()) {
            throw new InvalidFieldException(FIELD, "'" + selector
                + "' is not a valid selector: one DNS label of letters, digits and inner hyphens");
        }
        return new DkimSelector(lower);
    }

    public String asString() {
        return value;
    }

    /** {@code <selector>._domainkey.<domain>}, the name of the key's TXT record. */
    public String recordName(DomainName domain) {
        return value + "._domainkey." + domain.asString();
    }

    @Override
    public int compareTo(DkimSelector other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimSelector && ((DkimSelector) o).value.equals(value);
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
