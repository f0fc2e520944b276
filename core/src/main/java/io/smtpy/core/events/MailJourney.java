package io.smtpy.core.events;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.google.common.collect.ImmutableList;

/**
 * One mail's journey as a list of messages shows it, summed up from its events (oldest first): its Message-ID,
 * the envelope sender and the addresses it was sent to as smtpy received (or refused) it, its status (the type of
 * its latest event) and the instants of its first and latest events.
 */
public final class MailJourney {
    private static final Set<MailEventType> ARRIVALS = Set.of(MailEventType.RECEIVED, MailEventType.REJECTED);

    private final String id;
    private final Optional<String> messageId;
    private final String sender;
    private final List<String> recipients;
    private final MailEventType status;
    private final Instant firstAt;
    private final Instant lastAt;

    private MailJourney(String id, Optional<String> messageId, String sender, List<String> recipients, MailEventType status,
                        Instant firstAt, Instant lastAt) {
        this.id = id;
        this.messageId = messageId;
        this.sender = sender;
        this.recipients = recipients;
        this.status = status;
        this.firstAt = firstAt;
        this.lastAt = lastAt;
    }

    /**
     * @param events the journey's events, oldest first, as {@link MailEventRepository#journey} lists them
     * @throws IllegalArgumentException when there are none
     */
    public static MailJourney of(String id, List<MailEvent> events) {
        Objects.requireNonNull(id, "id");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("journey " + id + " has no events");
        }
        MailEvent first = events.get(0);
        MailEvent latest = events.get(events.size() - 1);
        // The copies' events carry the rewritten (SRS) sender and the destinations: the arrival shows the mail as sent.
        // Only the first mail's arrivals (one per recipient): a bounce that comes back through smtpy joins the journey
        // as a mail of its own, addressed to the SRS address.
        MailEvent arrival = events.stream().filter(event -> ARRIVALS.contains(event.type())).findFirst().orElse(first);
        Set<String> recipients = new LinkedHashSet<>();
        events.stream()
            .filter(event -> ARRIVALS.contains(event.type()) && event.mailId().equals(arrival.mailId()))
            .forEach(event -> recipients.addAll(event.recipients()));
        if (recipients.isEmpty()) {
            recipients.addAll(first.recipients());
        }
        return new MailJourney(id, events.stream().map(MailEvent::messageId).flatMap(Optional::stream).findFirst(),
            arrival.sender(), ImmutableList.copyOf(recipients), latest.type(), first.at(), latest.at());
    }

    public String id() {
        return id;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    public String sender() {
        return sender;
    }

    public List<String> recipients() {
        return recipients;
    }

    public MailEventType status() {
        return status;
    }

    public Instant firstAt() {
        return firstAt;
    }

    public Instant lastAt() {
        return lastAt;
    }
}
