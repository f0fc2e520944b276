package io.smtpy.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.bounces.ArfParser;
import io.smtpy.bounces.FeedbackReport;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

class ComplaintsTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final Destination JANE = Destination.of("jane@dest.example");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MemoryMailEventRepository history = new MemoryMailEventRepository();
    private final MailEvents events = new MailEvents(history);
    private final Suppressions suppressions = new Suppressions(new MemorySuppressionRepository(), events, clock,
        SuppressionSettings.DEFAULT);
    private final Complaints complaints = new Complaints(history, events, suppressions, clock);

    @BeforeEach
    void forwardedCopy() {
        events.record(MailEvent.builder(DOMAIN, MailEventType.FORWARDED, clock.instant())
            .alias(SALES).journeyId("journey-1").messageId("<m1@sender.example>")
            .recipients(List.of(JANE.asString(), "ops@dest.example")).build());
    }

    private static FeedbackReport report(String messageId, String alias, String destination) {
        return ArfParser.parse(ArfSamples.abuseReport(messageId, "example.com", alias, destination, "SRS0=ab=cd=sender.example=bob@example.com")
            .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aComplaintShouldBeAComplainedEventInTheJourneyOfTheMailItIsAbout() {
        MailEvent complained = complaints.take(DOMAIN, report("m1@sender.example", "sales@example.com", JANE.asString()),
            "SomeGenerator/1.0").orElseThrow();

        assertThat(history.list(MailEventQuery.of(DOMAIN).withType(Optional.of(MailEventType.COMPLAINED)))).containsExactly(complained);
        assertThat(complained.journeyId()).contains("journey-1");
        assertThat(complained.alias()).contains(SALES);
        assertThat(complained.recipients()).containsExactly(JANE.asString());
        assertThat(complained.detail()).contains("abuse").contains("SomeGenerator/1.0");
    }

    @Test
    void aComplaintShouldSuppressTheComplainingDestinationForTheAlias() {
        complaints.take(DOMAIN, report("m1@sender.example", "sales@example.com", JANE.asString()), "SomeGenerator/1.0");

        assertThat(suppressions.active(DOMAIN, SALES, JANE)).hasValueSatisfying(suppression -> {
            assertThat(suppression.cause().asString()).isEqualTo("complaint:abuse");
            assertThat(suppression.journeyId()).contains("journey-1");
        });
        assertThat(suppressions.active(DOMAIN, SALES, Destination.of("ops@dest.example"))).isEmpty();
    }

    @Test
    void aComplaintAboutAnUnknownMailShouldStillBeRecordedOnTheAliasItNames() {
        MailEvent complained = complaints.take(DOMAIN, report("other@sender.example", "sales@example.com", JANE.asString()),
            "SomeGenerator/1.0").orElseThrow();

        assertThat(complained.journeyId()).isEmpty();
        assertThat(complained.alias()).contains(SALES);
        assertThat(suppressions.active(DOMAIN, SALES, JANE)).isPresent();
    }

    @Test
    void anInvalidReportShouldRecordNothing() {
        FeedbackReport invalid = ArfParser.parse("From: a@b.example\r\nSubject: hi\r\n\r\nnot a report\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(complaints.take(DOMAIN, invalid, "someone")).isEmpty();
        assertThat(history.list(MailEventQuery.of(DOMAIN).withType(Optional.of(MailEventType.COMPLAINED)))).isEmpty();
    }
}
