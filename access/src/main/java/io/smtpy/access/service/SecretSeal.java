package io.smtpy.access.service;

/**
 * Encrypts secrets that must be read back (a member's TOTP secret), bound to a context such as the member's id
 * so a sealed value copied to another record does not open.
 */
public interface SecretSeal {
    String seal(String secret, String context);

    /** @throws IllegalStateException when the value was altered, sealed for another context or under another key */
    String open(String sealed, String context);
}
