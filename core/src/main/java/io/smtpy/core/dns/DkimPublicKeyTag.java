package io.smtpy.core.dns;

import java.util.Optional;

/** Reading the {@code p=} tag of a DKIM key record (RFC 6376 §3.6.1). */
final class DkimPublicKeyTag {
    private DkimPublicKeyTag() {
    }

    /**
     * The public key of a DKIM key record with whitespace removed (RFC 6376 §3.2 allows folding whitespace inside
     * base64), and with stray double quotes removed: DNS panels that are given a zone-file value
     * {@code "p=MIIB..." "AQAB"} sometimes store the quotes. Base64 never contains either. Empty when the record
     * has no {@code p=} tag; a present but empty tag (a revoked key) is an empty string.
     */
    static Optional<String> publicKey(String record) {
        for (String tag : record.split(";")) {
            String trimmed = tag.replace("\"", "").trim();
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String tagName = trimmed.substring(0, equals).trim();
            // Tag names are case-sensitive (RFC 6376 §3.2): "P=" is not the key.
            if (tagName.equals("p")) {
                return Optional.of(trimmed.substring(equals + 1).replaceAll("\\s+", ""));
            }
        }
        return Optional.empty();
    }
}
