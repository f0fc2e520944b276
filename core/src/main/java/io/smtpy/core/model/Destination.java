package io.smtpy.core.model;

import java.util.Locale;
import java.util.Objects;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

/**
 * Where forwarded mail goes. The domain is lower-cased; the local part keeps its case (RFC 5321 lets a
 * receiving system tell cases apart), but two destinations that differ only by case are the same destination,
 * so an alias never sends the same mail twice to one mailbox.
 */
public final class Destination {
    private final MailAddress address;
    private final String key;

    private Destination(MailAddress address) {
        this.address = address;
        this.key = address.asString().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException when the text is not a routable mail address
     */
    public static Destination of(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("destination must not be empty");
        }
        int at = raw.lastIndexOf('@');
        if (at <= 0 || at == raw.length() - 1) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid mail address: it needs a local part, '@' and a domain");
        }
        DomainName domain;
        try {
            // Forwarding goes to domain names only (no IP literals, no single-label hosts); IDN domains are
            // converted to ASCII so the address can be used in an SMTP envelope.
            domain = DomainName.of(raw.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid mail address: " + e.getMessage());
        }
        try {
            return new Destination(new MailAddress(raw.substring(0, at), domain.asString()));
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid mail address: " + e.getMessage());
        }
    }

    public MailAddress address() {
        return address;
    }

    public String asString() {
        return address.asString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Destination && ((Destination) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }

    @Override
    public String toString() {
        return asString();
    }
}
