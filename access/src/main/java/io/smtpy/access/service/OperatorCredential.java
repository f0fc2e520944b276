package io.smtpy.access.service;

import io.smtpy.access.ApiKeyToken;

/**
 * The operator key: any string of {@value #MIN_LENGTH} or more characters, from {@code SMTPY_OPERATOR_KEY} or
 * generated into the data directory on first start. Only its SHA-256 is held; comparison takes constant time.
 */
public final class OperatorCredential {
    public static final int MIN_LENGTH = 32;

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

    @Override
    public String toString() {
        return "OperatorCredential{…}";
    }
}
