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
        MailAddress parsed;
        try {
            parsed = new MailAddress(raw);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid mail address: " + e.getMessage());
        }
        if (parsed.isNullSender()) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid mail address");
        }
        try {
            return new Destination(new MailAddress(parsed.getLocalPart(), parsed.getDomain().asString()));
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
