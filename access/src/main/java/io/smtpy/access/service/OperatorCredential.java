package io.smtpy.access.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.smtpy.access.ApiKeyToken;

/**
 * The operator key: any string of {@value #MIN_LENGTH} or more characters, from {@code SMTPY_OPERATOR_KEY} or
 * generated into the data directory on first start. Only its SHA-256 is held; comparison takes constant time.
 * <p>
 * For the web panel, the operator trades the key for an <em>operator session</em> token,
 * {@code smtpyos_<expiry in epoch seconds>_<HMAC-SHA256 of the expiry under the key's hash>}: it goes into the panel's
 * HttpOnly cookie instead of the key, expires on its own, tells nothing about the key, and stops working when the key
 * changes. It cannot be ended early otherwise (nothing about it is stored).
 */
public final class OperatorCredential {
    public static final int MIN_LENGTH = 32;
    public static final String SESSION_PREFIX = "smtpyos_";

    private final String hash;

    private OperatorCredential(String hash) {
        this.hash = hash;
    }

    public static OperatorCredential of(String key) {
        if (key == null || key.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the operator key must have at least " + MIN_LENGTH + " characters");
        }
        return new OperatorCredential(ApiKeyToken.sha256(key.strip()));
    }

    public static String generate() {
        return "smtpyop_" + ApiKeyToken.randomSecret();
    }

    public boolean matches(String presented) {
        return ApiKeyToken.sameHash(ApiKeyToken.sha256(presented), hash);
    }

    /** An operator session token valid until {@code expiresAt}. */
    public String session(Instant expiresAt) {
        String claim = Long.toString(expiresAt.getEpochSecond());
        return SESSION_PREFIX + claim + "_" + tag(claim);
    }

    /** Whether {@code token} is an operator session of this key that has not expired at {@code now}. */
    public boolean acceptsSession(String token, Instant now) {
        if (!token.startsWith(SESSION_PREFIX)) {
            return false;
        }
        String rest = token.substring(SESSION_PREFIX.length());
        int cut = rest.indexOf('_');
        if (cut <= 0 || cut > 19) {
            return false;
        }
        String claim = rest.substring(0, cut);
        long expiry;
        try {
            expiry = Long.parseLong(claim);
        } catch (NumberFormatException e) {
            return false;
        }
        return ApiKeyToken.sameHash(tag(claim), rest.substring(cut + 1)) && now.getEpochSecond() < expiry;
    }

    private String tag(String claim) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hash.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            StringBuilder text = new StringBuilder(64);
            for (byte b : mac.doFinal(("operator-session:" + claim).getBytes(StandardCharsets.US_ASCII))) {
                text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return text.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "OperatorCredential{…}";
    }
}
