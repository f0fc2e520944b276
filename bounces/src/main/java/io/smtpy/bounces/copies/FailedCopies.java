package io.smtpy.bounces.copies;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;

/**
 * A copy that failed for good is kept for {@code retention} (when not over {@code maxSize}) so an owner can send it
 * again to another address from its journey; the send is a {@code resent} event of the journey, and the new copy's
 * delivery is recorded there as any forwarded copy's. {@link #purge} forgets what is past its time, except on domains
 * under legal hold.
 */
public class FailedCopies {
    public static final long DEFAULT_MAX_SIZE_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(5);

    private final FailedCopyRepository repository;
    private final CopyResender resender;
    private final MailEvents events;
    private final Clock clock;
    private final long maxSizeBytes;
    private final Duration retention;

    public FailedCopies(FailedCopyRepository repository, CopyResender resender, MailEvents events, Clock clock,
                        long maxSizeBytes, Duration retention) {
        this.repository = Objects.requireNonNull(repository);
        this.resender = Objects.requireNonNull(resender);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        if (maxSizeBytes < 1 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the largest copy kept and the retention must be positive");
        }
        this.maxSizeBytes = maxSizeBytes;
        this.retention = retention;
    }

    /** What became of a failed copy, said in its {@code bounced} event's detail. */
    public static final class Kept {
        private final Optional<Instant> until;
        private final String detail;

        private Kept(Optional<Instant> until, String detail) {
            this.until = until;
            this.detail = detail;
        }

        /** Empty when the copy was too large to keep. */
        public Optional<Instant> until() {
            return until;
        }

        /** {@code copy kept until ... for resending}, or why not. */
        public String detail() {
            return detail;
        }
    }

    /**
     * Keeps a failed copy of a journey when its {@code size} is within the limit.
     *
     * @param message read only when the copy is kept
     */
    public Kept keep(DomainName domain, String journeyId, Optional<String> alias, Optional<String> messageId, String sender,
                     List<String> failedRecipients, long size, MessageBytes message) {
        if (size > maxSizeBytes) {
            return new Kept(Optional.empty(), "copy not kept for resending: " + kib(size) + " KiB is over the "
                + kib(maxSizeBytes) + " KiB kept (failedCopies.maxSizeKiB)");
        }
        Instant now = clock.instant();
        Instant until = now.plus(retention);
        repository.keep(new FailedCopy(domain, journeyId, alias, messageId, sender, failedRecipients, message.read(), now, until));
        return new Kept(Optional.of(until), "copy kept for resending until " + until);
    }

    /** The message's bytes, read when needed. */
    @FunctionalInterface
    public interface MessageBytes {
        byte[] read();
    }

    /**
     * Sends the journey's kept copy to {@code to} through the outbound path and records a {@code resent} event.
     *
     * @return the new copy's id
     * @throws InvalidFieldException ({@code to}) when it is not a mail address
     * @throws NotFoundException when no copy of the journey is kept (none failed, or it was purged, or too large)
     */
    public String resend(DomainName domain, String journeyId, String to) {
        MailAddress address = address(to);
        FailedCopy copy = repository.find(domain, journeyId).filter(kept -> kept.keptUntil().isAfter(clock.instant()))
            .orElseThrow(() -> new NotFoundException("no failed copy of message " + journeyId + " of " + domain.asString()
                + " is kept"));
        String id = resender.resend(copy, address);
        events.record(MailEvent.builder(domain, MailEventType.RESENT, clock.instant())
            .journeyId(journeyId)
            .mailId(id)
            .alias(copy.alias().map(LocalPart::of))
            .messageId(copy.messageId())
            .sender(copy.sender())
            .recipients(List.of(address.asString()))
            .detail("the copy that failed for " + String.join(", ", copy.failedRecipients()) + " was sent again by an owner,"
                + " as copy " + id)
            .build());
        return id;
    }

    /** Until when the journey's failed copy is kept; empty when none is (any more). */
    public Optional<Instant> keptUntil(DomainName domain, String journeyId) {
        return repository.keptUntil(domain, journeyId).filter(until -> until.isAfter(clock.instant()));
    }

    /** Forgets the copies past their time, except those of the {@code held} domains (legal hold). */
    public int purge(Set<DomainName> held) {
        return repository.purgeExpired(clock.instant(), held);
    }

    private static MailAddress address(String to) {
        if (to == null || to.isBlank()) {
            throw new InvalidFieldException("to", "'to' is required: the address to send the copy to");
        }
        try {
            return new MailAddress(to.trim());
        } catch (AddressException e) {
            throw new InvalidFieldException("to", "'" + to + "' is not a mail address");
        }
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
