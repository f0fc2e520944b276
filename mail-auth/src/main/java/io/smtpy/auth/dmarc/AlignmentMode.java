package io.smtpy.auth.dmarc;

/** How closely an authenticated domain must match the From domain (RFC 7489 §3.1, {@code adkim=} / {@code aspf=}). */
public enum AlignmentMode {
    /** The same Organizational Domain is enough: {@code mail.example.com} aligns with {@code example.com}. */
    RELAXED("r"),
    /** The domains must be equal. */
    STRICT("s");

    private final String token;

    AlignmentMode(String token) {
        this.token = token;
    }

    /** {@code r} or {@code s}, as in the record. */
    public String token() {
        return token;
    }

    /** Whether {@code authenticated} aligns with {@code fromDomain}; both A-labels, compared case-insensitively. */
    public boolean aligns(String authenticated, String fromDomain) {
        String left = AsciiDomain.of(authenticated).orElse("");
        String right = AsciiDomain.of(fromDomain).orElse("");
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        if (this == STRICT) {
            return left.equals(right);
        }
        return OrganizationalDomain.of(left).equals(OrganizationalDomain.of(right));
    }
}
