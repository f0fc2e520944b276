package io.smtpy.auth.dkim;

/**
 * The hash of a canonicalized body and the length of that canonical body: {@code bh=} compares the first, an
 * {@code l=} tag longer than the second cannot have been computed on this body.
 */
public final class BodyHash {
    private final byte[] digest;
    private final long canonicalLength;

    BodyHash(byte[] digest, long canonicalLength) {
        this.digest = digest;
        this.canonicalLength = canonicalLength;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** Octets of the whole canonical body, whatever limit the hash stopped at. */
    public long canonicalLength() {
        return canonicalLength;
    }

    boolean matches(byte[] expected) {
        return java.security.MessageDigest.isEqual(digest, expected);
    }
}
