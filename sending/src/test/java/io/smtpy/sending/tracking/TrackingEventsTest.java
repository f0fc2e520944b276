package io.smtpy.sending.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.EventPrivacyPolicy;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.LocalPart;

class TrackingEventsTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final MemoryMailEventRepository repository = new MemoryMailEventRepository();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TrackingClaim open = TrackingClaim.open(DOMAIN, Optional.of(LocalPart.of("sales")), "journey-1", OptionalInt.of(1));

    private void submitted(MailEvents events) {
        events.record(MailEvent.builder(DOMAIN, MailEventType.SUBMITTED, NOW.minusSeconds(60))
            .journeyId("journey-1").mailId("journey-1").messageId("<m1@brand.example>").alias(LocalPart.of("sales"))
            .sender("sales@brand.example").recipients(List.of("a@dest.example", "b@dest.example")).build());
    }

    @Test
    void anOpenShouldJoinTheJourneyWithItsRecipient() {
        MailEvents events = new MailEvents(repository);
        submitted(events);

        new TrackingEvents(events, repository, clock).record(open);

        MailEvent opened = repository.journey(DOMAIN, "journey-1").get(1);
        assertThat(opened.type()).isEqualTo(MailEventType.OPENED);
        assertThat(opened.recipients()).containsExactly("b@dest.example");
        assertThat(opened.sender()).isEqualTo("sales@brand.example");
        assertThat(opened.alias()).contains(LocalPart.of("sales"));
        assertThat(opened.messageId()).contains("<m1@brand.example>");
        assertThat(opened.at()).isEqualTo(NOW);
    }

    @Test
    void aClickShouldNameTheHostOnly() {
        MailEvents events = new MailEvents(repository);
        submitted(events);

        new TrackingEvents(events, repository, clock).record(open.click("https://Shop.example/reset?token=secret"));

        MailEvent clicked = repository.journey(DOMAIN, "journey-1").get(1);
        assertThat(clicked.type()).isEqualTo(MailEventType.CLICKED);
        assertThat(clicked.detail()).contains("shop.example").doesNotContain("secret").doesNotContain("reset");
    }

    @Test
    void aDomainThatHashesAddressesShouldGetNoRecipientRatherThanAHashOfAHash() {
        MailEvents events = new MailEvents(repository, Set.of(), domain -> EventPrivacy.HASHED);
        submitted(events);

        new TrackingEvents(events, repository, clock).record(open);

        MailEvent opened = repository.journey(DOMAIN, "journey-1").get(1);
        assertThat(opened.recipients()).isEmpty();
        assertThat(opened.sender()).isEqualTo(EventPrivacy.HASHED.address("sales@brand.example"));
    }

    @Test
    void anOpenOfAJourneyNoLongerKeptShouldStillCount() {
        new TrackingEvents(new MailEvents(repository), repository, clock).record(open);

        assertThat(repository.journey(DOMAIN, "journey-1")).singleElement()
            .satisfies(event -> assertThat(event.type()).isEqualTo(MailEventType.OPENED));
    }
}
