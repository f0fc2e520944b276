package io.smtpy.suppression;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;

import io.smtpy.bounces.FeedbackReport;
import io.smtpy.bounces.OriginalMessage;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * A mailbox provider's complaint (an RFC 5965 ARF report, read by {@code bounces}' {@code ArfParser}) about a copy smtpy
 * forwarded for one of a domain's aliases: tied to the mail it is about, recorded as a {@code complained} event in that
 * mail's journey, and the complaining destination suppressed for the alias ({@link Suppressions#complained}).
 *
 * <p>Tying: the alias is the first the original's trace field ({@code X-Smtpy-Forwarded}) names; the journey is the one
 * whose {@code forwarded} event carries the original's Message-ID (and that alias, when known), which also gives the
 * alias when the report returned no trace field. The destination is the report's {@code Original-Rcpt-To}, else the
 * forwarded copy's only destination. A report tied to nothing is still a {@code complained} event on the domain.
 */
public class Complaints {
    /** How many {@code forwarded} events of one Message-ID are looked at: a Message-ID is one mail, give or take resends. */
    private static final int MAX_CANDIDATES = 20;

    private final MailEventRepository history;
    private final MailEvents events;
    private final Suppressions suppressions;
    private final Clock clock;

    @Inject
    public Complaints(MailEventRepository history, MailEvents events, Suppressions suppressions, Clock clock) {
        this.history = history;
        this.events = events;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /**
     * @param domain the smtpy domain the report came back to (its SRS return address or the complaints address's)
     * @param reporter who sent the report, for the detail ({@code User-Agent} of the report, or its sender)
     * @return the {@code complained} event recorded; empty (nothing recorded) when the report is not a valid ARF report
     */
    public Optional<MailEvent> take(DomainName domain, FeedbackReport report, String reporter) {
        if (!report.isValid()) {
            return Optional.empty();
        }
        OriginalMessage original = report.original();
        Optional<LocalPart> tracedAlias = original.forwardingDomain()
            .filter(forwarding -> sameDomain(forwarding, domain))
            .flatMap(forwarding -> original.aliases().stream().map(Complaints::localPart).flatMap(Optional::stream).findFirst());
        Optional<MailEvent> forwarded = original.messageId().flatMap(id -> forwardedEvent(domain, id, tracedAlias));
        Optional<LocalPart> alias = tracedAlias.or(() -> forwarded.flatMap(MailEvent::alias));
        Optional<Destination> destination = report.originalRcptTo().stream().map(Complaints::destination)
            .flatMap(Optional::stream).findFirst()
            .or(() -> forwarded.filter(event -> event.recipients().size() == 1)
                .flatMap(event -> destination(event.recipients().get(0))));
        String type = report.feedbackTypeText().orElse("unknown");
        MailEvent complained = MailEvent.builder(domain, MailEventType.COMPLAINED, clock.instant())
            .alias(alias)
            .journeyId(forwarded.flatMap(MailEvent::journeyId))
            .messageId(forwarded.flatMap(MailEvent::messageId).or(() -> original.messageId().map(id -> "<" + id + ">")))
            .recipients(destination.map(found -> List.of(found.asString())).orElse(List.of()))
            .detail("feedback type " + type + ", reported by " + reporter
                + (destination.isEmpty() ? "; the complaining address is unknown" : "")
                + (alias.isEmpty() ? "; no alias of this domain named" : ""))
            .build();
        events.record(complained);
        if (alias.isPresent() && destination.isPresent()) {
            suppressions.complained(domain, alias.get(), destination.get(), report.feedbackType(), reporter,
                complained.journeyId());
        }
        return Optional.of(complained);
    }

    private Optional<MailEvent> forwardedEvent(DomainName domain, String messageId, Optional<LocalPart> alias) {
        // Events keep the Message-ID as the mail wrote it, angle brackets and all; the report's parser strips them.
        return Stream.of("<" + messageId + ">", messageId)
            .flatMap(id -> history.list(MailEventQuery.of(domain).withType(Optional.of(MailEventType.FORWARDED))
                .withMessageId(Optional.of(id)).withLimit(MAX_CANDIDATES)).stream())
            .filter(event -> alias.isEmpty() || event.alias().equals(alias))
            .findFirst();
    }

    private static boolean sameDomain(String name, DomainName domain) {
        try {
            return DomainName.of(name).equals(domain);
        } catch (IllegalArgumentException notADomain) {
            return false;
        }
    }

    private static Optional<LocalPart> localPart(String address) {
        int at = address.lastIndexOf('@');
        return LocalPart.ofRecipient(at < 0 ? address.trim() : address.substring(0, at).trim());
    }

    private static Optional<Destination> destination(String address) {
        try {
            return Optional.of(Destination.of(address.trim()));
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }
}
