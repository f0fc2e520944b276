/**
 * DKIM on raw message bytes: {@link io.smtpy.auth.dkim.DkimSigner} (rsa-sha256 and ed25519-sha256 with a
 * {@link io.smtpy.auth.dkim.SigningKey}) and {@link io.smtpy.auth.dkim.DkimVerifier}.
 *
 * <p>The other public classes are the building blocks both share with {@code io.smtpy.auth.arc}, whose
 * ARC-Message-Signature is a DKIM signature and whose ARC-Seal is hashed the same way: the message split into
 * {@link io.smtpy.auth.dkim.HeaderField}s ({@link io.smtpy.auth.dkim.RawMessage}), the one
 * {@link io.smtpy.auth.dkim.Canonicalization}, tag lists, key records and their DNS lookup, and the signature check.
 */
package io.smtpy.auth.dkim;
