package io.smtpy.auth.spf;

/**
 * Which SMTP identity an SPF check authorised (RFC 7208 §2.2–2.4), with the Authentication-Results property it is
 * reported under (RFC 8601 §2.7.2).
 */
public enum SpfIdentity {
    /** The domain of the MAIL FROM reverse-path. */
    MAILFROM("smtp.mailfrom"),
    /** The HELO/EHLO name, checked instead when MAIL FROM is the null sender {@code <>} (RFC 7208 §2.3). */
    HELO("smtp.helo");

    private final String property;

    SpfIdentity(String property) {
        this.property = property;
    }

    /** The {@code ptype.property} of Authentication-Results: {@code smtp.mailfrom} or {@code smtp.helo}. */
    public String property() {
        return property;
    }
}
