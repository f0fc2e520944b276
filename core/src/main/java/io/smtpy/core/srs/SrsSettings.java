package io.smtpy.core.srs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.InvalidFieldException;

/**
 * The keys and the age limit of {@link SenderRewriting}.
 *
 * <p>Secrets are ordered: the first signs new addresses, all of them are accepted when reversing. To rotate, an
 * operator prepends a new secret, and drops the old one once addresses signed with it have expired (after
 * {@link #maxAge()}). Each secret has at least {@value #MIN_SECRET_LENGTH} characters.
 *
 * <p>The maximum age is a whole number of days from 1 to 1023: SRS timestamps count days modulo 1024, so a
 * longer age could not be told apart from a timestamp in the future. {@link #toString()} never shows the secrets.
 */
public final class SrsSettings {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(21);
    public static final int MIN_SECRET_LENGTH = 16;
    static final int MAX_AGE_DAYS_LIMIT = 1023;

    private final List<byte[]> secrets;
    private final Duration maxAge;

    private SrsSettings(List<byte[]> secrets, Duration maxAge) {
        this.secrets = secrets;
        this.maxAge = maxAge;
    }

    /** Settings with the default maximum age of 21 days. */
    public static SrsSettings of(List<String> secrets) {
        return of(secrets, DEFAULT_MAX_AGE);
    }

    /**
     * @throws InvalidFieldException (field {@code secrets} or {@code maxAge}) when a rule above is broken; the
     *     message never contains a secret
     */
    public static SrsSettings of(List<String> secrets, Duration maxAge) {
        if (secrets == null || secrets.isEmpty()) {
            throw new InvalidFieldException("secrets", "at least one SRS secret is needed");
        }
        ImmutableList.Builder<byte[]> keys = ImmutableList.builder();
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new InvalidFieldException("secrets", "SRS secret number " + (i + 1) + " must have at least "
                    + MIN_SECRET_LENGTH + " characters");
            }
            keys.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (maxAge == null) {
            throw new InvalidFieldException("maxAge", "the SRS maximum age must be given");
        }
        if (!maxAge.equals(Duration.ofDays(maxAge.toDays()))) {
            throw new InvalidFieldException("maxAge", "the SRS maximum age must be a whole number of days, not " + maxAge);
        }
        if (maxAge.toDays() < 1 || maxAge.toDays() > MAX_AGE_DAYS_LIMIT) {
            throw new InvalidFieldException("maxAge", "the SRS maximum age must be between 1 and "
                + MAX_AGE_DAYS_LIMIT + " days, not " + maxAge.toDays());
        }
        return new SrsSettings(keys.build(), maxAge);
    }

    public Duration maxAge() {
        return maxAge;
    }

    public int secretCount() {
        return secrets.size();
    }

    /** The key that signs new addresses. The array is shared: callers must not change it. */
    byte[] signingSecret() {
        return secrets.get(0);
    }

    /** Every key accepted when reversing, signing key first. The arrays are shared: callers must not change them. */
    List<byte[]> acceptedSecrets() {
        return secrets;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SrsSettings)) {
            return false;
        }
        SrsSettings other = (SrsSettings) o;
        if (!maxAge.equals(other.maxAge) || secrets.size() != other.secrets.size()) {
            return false;
        }
        boolean same = true;
        for (int i = 0; i < secrets.size(); i++) {
            same &= MessageDigest.isEqual(secrets.get(i), other.secrets.get(i));
        }
        return same;
    }

    @Override
    public int hashCode() {
        // Deliberately not derived from the secrets: a hash code is not meant to keep them.
        return Objects.hash(maxAge, secrets.size());
    }

    @Override
    public String toString() {
        return "SrsSettings{secrets=" + secrets.size() + " (hidden), maxAge=" + maxAge.toDays() + " days}";
    }
}
