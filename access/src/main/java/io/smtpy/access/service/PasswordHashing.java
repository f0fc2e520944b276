package io.smtpy.access.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.smtpy.core.model.InvalidFieldException;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}), the
 * parameters OWASP recommends. Verification reads the parameters from the stored string, so they can be raised
 * later without breaking existing hashes.
 */
public final class PasswordHashing {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;

    public PasswordHashing() {
        this(19 * 1024, 2, 1);
    }

    /** Lower costs are for tests only. */
    public PasswordHashing(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** @throws InvalidFieldException naming {@code field} when the password is too short or too long */
    public static String checkStrength(String password, String field) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidFieldException(field, "'" + field + "' must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidFieldException(field, "'" + field + "' must have at most " + MAX_LENGTH + " characters");
        }
        return password;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, 32);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
            + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /** False for a wrong password and for a stored value that is not an Argon2id hash. */
    public boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String parameter : parts[3].split(",")) {
                int value = Integer.parseInt(parameter.substring(2));
                switch (parameter.charAt(0)) {
                    case 'm': m = value; break;
                    case 't': t = value; break;
                    case 'p': p = value; break;
                    default: return false;
                }
            }
            byte[] salt = DECODER.decode(parts[4]);
            byte[] expected = DECODER.decode(parts[5]);
            return MessageDigest.isEqual(derive(password, salt, m, t, p, expected.length), expected);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
