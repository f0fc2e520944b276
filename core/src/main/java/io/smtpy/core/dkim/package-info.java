/**
 * Per-domain DKIM keys and their rotation: RSA-2048 (RFC 8301) and Ed25519 (RFC 8463), private keys sealed at rest.
 *
 * <p>Lifecycle, driven by {@link io.smtpy.core.dkim.DkimKeyRotation}: a new key is PENDING and only published;
 * it becomes ACTIVE (signs) once DNS shows its record, or after the configured delay when checking is off. When a
 * successor of the same algorithm becomes ACTIVE, the previous key becomes RETIRING: it stops signing but stays
 * published for the grace period (mail in transit still verifies), then becomes RETIRED, when its record is
 * revoked ({@code p=} empty) and, after the delete delay, removed. A successor is created when the active key is
 * older than the rotation period or on demand. An active key is never retired before its successor is active, so
 * a DNS that never shows the successor leaves the old key signing, never the domain unsigned.
 */
package io.smtpy.core.dkim;
