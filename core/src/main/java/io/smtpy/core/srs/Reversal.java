package io.smtpy.core.srs;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/** What {@link SenderRewriting#reverse(MailAddress)} made of an address: the address it stands for, or why not. */
public final class Reversal {

    /** Why an address cannot be reversed. */
    public enum Reason {
        /** The local part does not start with {@code SRS0} or {@code SRS1}: not an SRS address at all. */
        NOT_SRS,
        /** It starts like an SRS address but a field is missing, empty or not in base32. */
        MALFORMED,
        /** No accepted secret produces its hash: it was not made by us, or was altered. */
        FORGED,
        /** Its timestamp is older than the maximum age, or more than a day in the future. */
        EXPIRED
    }

    private final MailAddress address;
    private final Reason reason;

    private Reversal(MailAddress address, Reason reason) {
        this.address = address;
        this.reason = reason;
    }

    public static Reversal reversed(MailAddress address) {
        return new Reversal(Objects.requireNonNull(address), null);
    }

    public static Reversal refused(Reason reason) {
        return new Reversal(null, Objects.requireNonNull(reason));
    }

    public boolean isReversed() {
        return address != null;
    }

    /** The address the SRS address stands for, when reversed. */
    public Optional<MailAddress> address() {
        return Optional.ofNullable(address);
    }

    /** Why it was not reversed, when refused. */
    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Reversal)) {
            return false;
        }
        Reversal other = (Reversal) o;
        return Objects.equals(address, other.address) && reason == other.reason;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, reason);
    }

    @Override
    public String toString() {
        return isReversed() ? "Reversal{reversed=" + address.asString() + "}" : "Reversal{refused=" + reason + "}";
    }
}
