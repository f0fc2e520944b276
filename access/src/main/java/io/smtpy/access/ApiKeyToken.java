package io.smtpy.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The bearer tokens smtpy hands out: {@code <prefix><id>_<secret>}, where the prefix tells secret scanners (and
 * the guard) what it is — {@value #PREFIX} for API keys, {@value #SESSION_PREFIX} for session tokens — the id
 * finds the stored record, and the secret is 256 random bits in hex, stored only as its SHA-256.
 */
public final class ApiKeyToken {
    public static final String PREFIX = "smtpy_";
    public static final String SESSION_PREFIX = "smtpys_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final AccessId id;
    private final String secret;

    private ApiKeyToken(String prefix, AccessId id, String secret) {
        this.prefix = prefix;
        this.id = id;
        this.secret = secret;
    }

    public static ApiKeyToken newKey(AccessId id) {
        return new ApiKeyToken(PREFIX, id, randomSecret());
    }

    public static ApiKeyToken newSession(AccessId id) {
        return new ApiKeyToken(SESSION_PREFIX, id, randomSecret());
    }

    /** 256 random bits as 64 lower-case hex digits. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return hex(bytes);
    }

    /** Reads a presented token; empty when it is not of this form (it may still be the operator key). */
    public static Optional<ApiKeyToken> read(String token) {
        for (String prefix : new String[] {SESSION_PREFIX, PREFIX}) {
            if (token.startsWith(prefix)) {
                String rest = token.substring(prefix.length());
                int last = rest.lastIndexOf('_');
                if (last <= 0 || rest.length() - last - 1 != 64) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(new ApiKeyToken(prefix, AccessId.of(rest.substring(0, last)), rest.substring(last + 1)));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public boolean isSession() {
        return prefix.equals(SESSION_PREFIX);
    }

    public AccessId id() {
        return id;
    }

    public String secretHash() {
        return sha256(secret);
    }

    /** The whole token, to hand to its owner once. */
    public String reveal() {
        return prefix + id.asString() + "_" + secret;
    }

    public static String sha256(String text) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two hashes in time that does not depend on where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return prefix + id + "_…";
    }
}
