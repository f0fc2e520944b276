package io.smtpy.core.dkim;

/** Where a DKIM key is in its life; see the package documentation for the transitions. */
public enum DkimKeyState {
    /** Generated, its record is to be published; not used for signing until DNS shows it. */
    PENDING,
    /** Published and seen in DNS: the one key of its algorithm that signs. */
    ACTIVE,
    /** Replaced by an active successor: no longer signs, still published so mail in transit verifies. */
    RETIRING,
    /** Out of use: its record is revoked ({@code p=} empty) and later removed. */
    RETIRED;

    /** Whether the key's own record (with its public key) must be in DNS in this state. */
    public boolean published() {
        return this != RETIRED;
    }
}
