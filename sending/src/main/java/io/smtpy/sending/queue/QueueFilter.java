package io.smtpy.sending.queue;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which copies a bulk action takes: every condition given must hold. {@code recipient} and {@code sender} match a part
 * of the address, ignoring case; {@code minAttempts} counts failed attempts.
 */
public final class QueueFilter implements Predicate<QueuedCopy> {
    public static final QueueFilter ALL = new QueueFilter(Optional.empty(), Optional.empty(), Optional.empty(), 0);

    private final Optional<CopyStatus> status;
    private final Optional<String> recipient;
    private final Optional<String> sender;
    private final int minAttempts;

    public QueueFilter(Optional<CopyStatus> status, Optional<String> recipient, Optional<String> sender, int minAttempts) {
        this.status = status;
        this.recipient = recipient.map(QueueFilter::lowered);
        this.sender = sender.map(QueueFilter::lowered);
        this.minAttempts = minAttempts;
    }

    @Override
    public boolean test(QueuedCopy copy) {
        return status.map(wanted -> wanted == copy.status()).orElse(true)
            && recipient.map(part -> copy.recipients().stream().anyMatch(address -> lowered(address).contains(part))).orElse(true)
            && sender.map(part -> lowered(copy.sender()).contains(part)).orElse(true)
            && copy.attempts() >= minAttempts;
    }

    private static String lowered(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
