package io.smtpy.auth;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A domain name written in mail (a header, an envelope address, a signature tag) brought to the form DNS is asked
 * in: lower-case A-labels (U-labels of SMTPUTF8 mail converted), no trailing dot. Each method then applies its own
 * rules on top (SPF allows underscores in labels, DMARC wants host names).
 */
public final class DomainText {
    /** Longer input is not looked at: no IDN conversion can bring it under 253 characters. */
    public static final int MAX_INPUT_LENGTH = 1024;

    private DomainText() {
    }

    /** The lower-case A-label form, or empty when the text is empty, too long, or not convertible. */
    public static Optional<String> toAscii(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        try {
            String ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() ? Optional.empty() : Optional.of(ascii);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
