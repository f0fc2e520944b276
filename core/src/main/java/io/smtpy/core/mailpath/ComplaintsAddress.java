package io.smtpy.core.mailpath;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * The operator's feedback-loop address ({@code complaints.address} in smtpy.properties), where mailbox providers send
 * ARF complaints about mail smtpy forwarded. On an smtpy domain it is accepted at RCPT whatever aliases say, and the
 * pipeline takes what arrives there as complaints instead of forwarding it. Compared without regard to case.
 */
public final class ComplaintsAddress {
    public static final ComplaintsAddress NONE = new ComplaintsAddress(Optional.empty());

    private final Optional<MailAddress> address;

    private ComplaintsAddress(Optional<MailAddress> address) {
        this.address = Objects.requireNonNull(address);
    }

    public static ComplaintsAddress of(MailAddress address) {
        return new ComplaintsAddress(Optional.of(address));
    }

    public Optional<MailAddress> address() {
        return address;
    }

    public boolean is(MailAddress recipient) {
        return address.filter(own -> own.asString().toLowerCase(Locale.ROOT).equals(recipient.asString().toLowerCase(Locale.ROOT)))
            .isPresent();
    }
}
