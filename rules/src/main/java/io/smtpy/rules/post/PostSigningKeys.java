package io.smtpy.rules.post;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

import io.smtpy.core.model.DomainName;

/**
 * The key each domain's posts are signed with, derived from the installation secret rather than stored:
 * {@code HMAC-SHA256(secret, "smtpy rule post v1\0" + domain)}. Nothing to keep in step, back up or leak from the
 * database; the owner reads the key in their domain's settings ({@link #keyTextFor}) and verifies with it.
 *
 * <p>The context string keeps these keys apart from anything else derived from the same secret (block links use
 * another one), and its {@code v1} lets a later scheme derive fresh keys. The NUL ends the context so that no
 * domain name can make the input of another context. Changing the installation secret changes every owner's key.
 */
public final class PostSigningKeys {
    /** 256 bits: as many as the HMAC's output, so the secret is never the weak link. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final byte[] CONTEXT = "smtpy rule post v1\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] installationSecret;

    /**
     * @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public PostSigningKeys(byte[] installationSecret) {
        Objects.requireNonNull(installationSecret, "installationSecret");
        if (installationSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the installation secret must be at least " + MIN_SECRET_BYTES
                + " bytes long, it is " + installationSecret.length);
        }
        this.installationSecret = installationSecret.clone();
    }

    /** The 32-byte key the posts of that domain's rules are signed with. */
    public byte[] keyFor(DomainName domain) {
        return HmacSha256.of(installationSecret, CONTEXT, domain.asString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The key as the owner copies it: base64url without padding (43 characters). */
    public String keyTextFor(DomainName domain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keyFor(domain));
    }

    /** Names no secret: instances end up in logs through the objects that hold them. */
    @Override
    public String toString() {
        return "PostSigningKeys[derived per domain]";
    }
}
