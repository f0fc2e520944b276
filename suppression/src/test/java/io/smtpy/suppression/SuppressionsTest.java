package io.smtpy.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.bounces.BounceClass;
import io.smtpy.bounces.BounceClassifier;
import io.smtpy.bounces.FeedbackType;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.core.testing.MovableClock;

class SuppressionsTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final Destination DEAD = Destination.of("dead@dest.example");
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private MovableClock clock;
    private MemoryMailEventRepository eventRepository;
    private Suppressions suppressions;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(START);
        eventRepository = new MemoryMailEventRepository();
        suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(eventRepository), clock,
            SuppressionSettings.ofDays(30));
    }

    private Optional<Suppression> failWith(String reply) {
        return suppressions.failed(DOMAIN, SALES, DEAD, BounceClassifier.classify(reply), reply, Optional.of("journey-1"));
    }

    private List<MailEvent> events(MailEventType type) {
        return eventRepository.list(MailEventQuery.of(DOMAIN).withType(Optional.of(type)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "550 5.1.1 <dead@dest.example>: Recipient address rejected: User unknown in virtual mailbox table",
        "552 5.2.2 Mailbox full: quota exceeded"})
    void aPermanentFailureOfTheMailboxShouldSuppressTheDestinationForTheSetDays(String reply) {
        Suppression suppression = failWith(reply).orElseThrow();

        assertThat(suppression.since()).isEqualTo(START);
        assertThat(suppression.until()).isEqualTo(START.plus(Duration.ofDays(30)));
        assertThat(suppression.cause().kind()).isEqualTo(SuppressionCause.Kind.BOUNCE);
        assertThat(suppression.journeyId()).contains("journey-1");
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).contains(suppression);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "550 5.7.1 Message rejected as spam by Content Filtering",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
        "450 4.2.2 Mailbox full, try again later",
        "421 4.4.2 Connection timed out",
        "550 5.1.2 Host or domain name not found",
        "Connection refused",
        "451 4.3.0 Temporary local problem"})
    void aPolicyBlockOrATemporaryFailureShouldNotSuppress(String reply) {
        assertThat(failWith(reply)).isEmpty();
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(events(MailEventType.SUPPRESSED)).isEmpty();
    }

    @Test
    void aSuppressionShouldBeASuppressedEventOnTheAliasNamingTheDestination() {
        failWith("550 5.1.1 user unknown");

        assertThat(events(MailEventType.SUPPRESSED)).singleElement().satisfies(event -> {
            assertThat(event.alias()).contains(SALES);
            assertThat(event.recipients()).containsExactly(DEAD.asString());
            assertThat(event.journeyId()).contains("journey-1");
            assertThat(event.detail()).contains("2026-03-31T12:00:00Z").contains("550 5.1.1 user unknown")
                .contains("bounce:no-such-user");
        });
    }

    @Test
    void aSecondFailureWhileSuppressedShouldNotSuppressAgain() {
        failWith("550 5.1.1 user unknown");

        assertThat(failWith("550 5.1.1 user unknown")).isEmpty();
        assertThat(events(MailEventType.SUPPRESSED)).hasSize(1);
    }

    @Test
    void aComplaintShouldSuppressButNotSpamShouldNot() {
        Suppression suppression = suppressions.complained(DOMAIN, SALES, DEAD, FeedbackType.ABUSE, "Yahoo!-Mail-Feedback/2.0",
            Optional.of("journey-2")).orElseThrow();

        assertThat(suppression.cause()).isEqualTo(SuppressionCause.complaint(FeedbackType.ABUSE));
        assertThat(suppression.reason()).contains("abuse").contains("Yahoo!-Mail-Feedback/2.0");
        assertThat(suppressions.complained(DOMAIN, SALES, Destination.of("happy@dest.example"), FeedbackType.NOT_SPAM, "x",
            Optional.empty())).isEmpty();
    }

    @Test
    void aDeliveryToTheDestinationShouldLiftItsSuppression() {
        failWith("550 5.1.1 user unknown");

        suppressions.delivered(DOMAIN, SALES, DEAD, Optional.of("journey-3"));

        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(events(MailEventType.UNSUPPRESSED)).singleElement().satisfies(event -> {
            assertThat(event.recipients()).containsExactly(DEAD.asString());
            assertThat(event.journeyId()).contains("journey-3");
            assertThat(event.detail()).contains("delivered");
        });
    }

    @Test
    void aDeliveryToAnUnsuppressedDestinationShouldRecordNothing() {
        suppressions.delivered(DOMAIN, SALES, DEAD, Optional.empty());

        assertThat(eventRepository.list(MailEventQuery.of(DOMAIN))).isEmpty();
    }

    @Test
    void aSuppressionShouldEndByItselfAtItsEnd() {
        failWith("550 5.1.1 user unknown");

        clock.moveBy(Duration.ofDays(30).minusSeconds(1));
        assertThat(suppressions.expire()).isZero();
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isPresent();

        clock.moveBy(Duration.ofSeconds(1));
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(suppressions.expire()).isEqualTo(1);
        assertThat(events(MailEventType.UNSUPPRESSED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("ended"));
        assertThat(suppressions.expire()).isZero();
    }

    @Test
    void anOwnerShouldSuppressForTheDaysAskedAndLiftIt() {
        Suppression manual = suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(2), Optional.of("on holiday"));

        assertThat(manual.cause()).isEqualTo(SuppressionCause.MANUAL);
        assertThat(manual.until()).isEqualTo(START.plus(Duration.ofDays(2)));
        assertThat(manual.reason()).isEqualTo("on holiday");

        suppressions.lift(DOMAIN, manual.id());

        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(events(MailEventType.UNSUPPRESSED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).contains("lifted by an owner"));
    }

    @Test
    void anOwnerAskingForNoDaysShouldGetTheInstallationsPeriod() {
        assertThat(suppressions.suppress(DOMAIN, SALES, DEAD, Optional.empty(), Optional.empty()).until())
            .isEqualTo(START.plus(Duration.ofDays(30)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3651})
    void daysOutsideTheRangeShouldBeRefusedNamingTheField(int days) {
        assertThatThrownBy(() -> suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(days), Optional.empty()))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("days"));
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
    }

    @Test
    void liftingAnUnknownSuppressionShouldBeNotFound() {
        assertThatThrownBy(() -> suppressions.lift(DOMAIN, SuppressionId.random())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void onlyMailboxFailuresShouldSuppress() {
        assertThat(BounceClass.values()).filteredOn(cls -> Suppressions.suppresses(
                new io.smtpy.bounces.BounceClassification(cls, io.smtpy.bounces.Severity.PERMANENT, Optional.empty(),
                    Optional.empty(), "test")))
            .containsExactlyInAnyOrder(BounceClass.NO_SUCH_USER, BounceClass.MAILBOX_FULL);
    }
}
