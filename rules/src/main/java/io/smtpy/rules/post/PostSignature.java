package io.smtpy.rules.post;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.google.common.io.BaseEncoding;

/**
 * The {@code X-Smtpy-Signature} header of a post: {@code t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(key,
 * "<t>." + body)>}, the scheme Stripe uses for its webhooks, so owners find it familiar and their libraries fit.
 *
 * <p>The timestamp is inside the MAC so that a captured post cannot be replayed later than the receiver's tolerance;
 * {@code v1} names the scheme so that a later one can be sent beside it while receivers move over.
 */
public final class PostSignature {
    private static final String SCHEME = "v1";
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private PostSignature() {
    }

    public static String header(byte[] key, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + "," + SCHEME + "=" + hex(mac(key, unixSeconds, body));
    }

    /**
     * Whether {@code header} signs {@code body} under {@code key} at a time no further than {@code toleranceSeconds}
     * from {@code nowSeconds}. Any {@code v1} element may match (several are allowed, as in Stripe's scheme, for key
     * changes); the comparison takes the same time wherever the first differing byte is. Never throws on a malformed
     * header: it just does not verify.
     */
    public static boolean verify(byte[] key, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        for (String element : header.split(",", -1)) {
            String trimmed = element.trim();
            if (trimmed.startsWith("t=") && timestamp == null) {
                timestamp = parseSeconds(trimmed.substring(2));
            }
        }
        // In double: a forged t near Long.MAX_VALUE must not overflow the difference into the tolerance.
        if (timestamp == null || Math.abs((double) nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hex(mac(key, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String element : header.split(",", -1)) {
            String trimmed = element.trim();
            if (trimmed.startsWith(SCHEME + "=")) {
                byte[] given = trimmed.substring(SCHEME.length() + 1).getBytes(StandardCharsets.US_ASCII);
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        return matched;
    }

    private static Long parseSeconds(String text) {
        if (text.isEmpty() || text.length() > 19) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private static byte[] mac(byte[] key, long unixSeconds, byte[] body) {
        return HmacSha256.of(key, (unixSeconds + ".").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static String hex(byte[] bytes) {
        return HEX.encode(bytes);
    }
}
