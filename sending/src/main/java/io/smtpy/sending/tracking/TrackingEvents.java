package io.smtpy.sending.tracking;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;

/**
 * Records what a tracking link saw: an {@code opened} event when the pixel is fetched, a {@code clicked} event when a
 * link is followed, both in the mail's journey, for the domain and the sending alias (so the analytics count them).
 * The recipient is taken from the journey's {@code submitted} event by its position; when the domain keeps addresses
 * hashed or not at all there is no address to take, and the event names none. A click's detail names the host of
 * the URL only: its path and query may carry the recipient's own tokens.
 */
public final class TrackingEvents {
    private final MailEvents events;
    private final MailEventRepository repository;
    private final Clock clock;

    public TrackingEvents(MailEvents events, MailEventRepository repository, Clock clock) {
        this.events = events;
        this.repository = repository;
        this.clock = clock;
    }

    /** Records the open or click {@code claim} (already verified) stands for. */
    public void record(TrackingClaim claim) {
        Optional<MailEvent> submitted = repository.journey(claim.domain(), claim.journeyId()).stream()
            .filter(event -> event.type() == MailEventType.SUBMITTED)
            .findFirst();
        MailEventType type = claim.kind() == TrackingKind.OPEN ? MailEventType.OPENED : MailEventType.CLICKED;
        Optional<String> recipient = submitted.flatMap(event -> {
            int index = claim.recipientIndex().orElse(-1);
            return index >= 0 && index < event.recipients().size() ? address(event.recipients().get(index)) : Optional.empty();
        });
        String sender = claim.alias().map(alias -> alias.asString() + "@" + claim.domain().asString())
            .or(() -> submitted.flatMap(event -> address(event.sender())))
            .orElse("");
        String detail = claim.kind() == TrackingKind.OPEN
            ? "opened: the tracking pixel was fetched"
            : "clicked a link to " + host(claim.url().orElse(""));
        events.record(MailEvent.builder(claim.domain(), type, clock.instant())
            .alias(claim.alias())
            .journeyId(claim.journeyId())
            .messageId(submitted.flatMap(MailEvent::messageId))
            .sender(sender)
            .recipients(recipient.map(List::of).orElse(List.of()))
            .detail(detail + claim.recipientIndex().stream().mapToObj(index -> " (recipient " + (index + 1) + ")").findFirst().orElse(""))
            .build());
    }

    /** An address as stored in full; a hashed or withheld one (the domain's privacy setting) is no address. */
    private static Optional<String> address(String stored) {
        try {
            return Optional.of(new MailAddress(stored).asString());
        } catch (AddressException notAnAddress) {
            return Optional.empty();
        }
    }

    static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "an unreadable URL" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException unreadable) {
            return "an unreadable URL";
        }
    }
}
