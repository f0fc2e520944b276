package io.smtpy.auth.spf;

import java.util.Optional;

import io.smtpy.auth.DomainText;

/**
 * The domain an SPF check may be run on (RFC 7208 §4.3): a multi-label name of at most 253 characters, labels of
 * 1 to 63 letters, digits, hyphens or underscores, given as A-labels or U-labels (SMTPUTF8). Anything else makes
 * the result {@code none} without asking DNS.
 */
final class SpfDomain {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private SpfDomain() {
    }

    /** The lower-case A-label form of {@code text}, or empty when it is not a domain SPF can check. */
    static Optional<String> asAscii(String text) {
        Optional<String> converted = DomainText.toAscii(text);
        if (converted.isEmpty()) {
            return Optional.empty();
        }
        String ascii = converted.get();
        if (ascii.length() > MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!isLabel(label)) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
