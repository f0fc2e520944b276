package io.smtpy.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages as the Standard Webhooks specification says (standardwebhooks.com): a secret is
 * {@code whsec_} and the base64 of 24 random bytes; the signed content is {@code {webhook-id}.{webhook-timestamp}.{body}};
 * a signature is {@code v1,} and the base64 of its HMAC-SHA256 under the secret's bytes; the
 * {@code webhook-signature} header holds one per secret in use, separated by spaces (two during a rotation), so a
 * receiver that knows either secret accepts the message.
 */
public final class WebhookSigner {
    public static final String SECRET_PREFIX = "whsec_";
    static final int SECRET_BYTES = 24;
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {
    }

    /** A fresh secret, {@code whsec_...}. */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header for {@code secrets} (current first). */
    public static String header(List<String> secrets, String messageId, long timestamp, String body) {
        return secrets.stream().map(secret -> signature(secret, messageId, timestamp, body)).collect(Collectors.joining(" "));
    }

    /** {@code v1,<base64 HMAC-SHA256>} of one secret. */
    public static String signature(String secret, String messageId, long timestamp, String body) {
        byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key(secret), ALGORITHM));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable", e);
        }
    }

    private static byte[] key(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
}
