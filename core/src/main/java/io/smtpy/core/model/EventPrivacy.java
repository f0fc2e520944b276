package io.smtpy.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a domain's mail events keep e-mail addresses (the envelope sender, the recipients, and addresses quoted in
 * a reason or a remote reply) and subjects ({@link #subject}): {@code full} as they are, {@code hashed} as {@code sha256:} and the first 32 hex
 * digits of the SHA-256 of the lower-cased address (the same address always gives the same text, so a search by
 * a known address still finds it), or {@code none}: not kept at all.
 */
public enum EventPrivacy {
    FULL,
    HASHED,
    NONE;

    /** What stands for an address under {@code none}. */
    public static final String NOT_KEPT = "(not kept)";
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\]\",;:]+@[A-Za-z0-9.-]+[A-Za-z0-9]");

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidFieldException naming {@code field} for a value other than full, hashed or none */
    public static EventPrivacy parse(String value, String field) {
        for (EventPrivacy privacy : values()) {
            if (privacy.asString().equalsIgnoreCase(value)) {
                return privacy;
            }
        }
        throw new InvalidFieldException(field, "'" + field + "' must be full, hashed or none, got '" + value + "'");
    }

    /** One address as kept. */
    public String address(String address) {
        switch (this) {
            case HASHED:
                return "sha256:" + sha256(address.toLowerCase(Locale.ROOT)).substring(0, 32);
            case NONE:
                return NOT_KEPT;
            default:
                return address;
        }
    }

    /**
     * A mail's subject as kept: as written under {@code full}; under {@code hashed} {@code sha256:} and the first 32
     * hex digits of the SHA-256 of the exact text (no case folding: a subject is not an address, and a search must
     * name it exactly to find it); nothing under {@code none}.
     */
    public Optional<String> subject(String subject) {
        switch (this) {
            case HASHED:
                return Optional.of("sha256:" + sha256(subject).substring(0, 32));
            case NONE:
                return Optional.empty();
            default:
                return Optional.of(subject);
        }
    }

    /** A text (a reason, a remote reply) with every address in it as kept. */
    public String text(String text) {
        if (this == FULL) {
            return text;
        }
        Matcher matcher = ADDRESS.matcher(text);
        StringBuilder kept = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(kept, Matcher.quoteReplacement(address(matcher.group())));
        }
        matcher.appendTail(kept);
        return kept.toString();
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
