package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class MailEventsTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final MailEvent EVENT = MailEvent.builder(EXAMPLE, MailEventType.RECEIVED, Instant.parse("2026-01-01T00:00:00Z")).build();

    private static final class BrokenRepository extends MemoryMailEventRepository {
        @Override
        public void append(MailEvent event) {
            throw new IllegalStateException("disk full");
        }
    }

    @Test
    void listenersShouldHearEachAppendedEventAndTheirFailuresStayOutOfTheMailPath() {
        List<MailEvent> heard = new java.util.ArrayList<>();
        MailEventListener broken = event -> {
            throw new IllegalStateException("listener broke");
        };
        MailEvents events = new MailEvents(new MemoryMailEventRepository(), new java.util.LinkedHashSet<>(List.of(broken, heard::add)));

        assertThatCode(() -> events.record(EVENT)).doesNotThrowAnyException();

        assertThat(heard).containsExactly(EVENT);
        assertThat(events.failures()).isEqualTo(1);
    }

    @Test
    void anEventThatCouldNotBeAppendedShouldNotReachTheListeners() {
        List<MailEvent> heard = new java.util.ArrayList<>();
        MailEvents events = new MailEvents(new BrokenRepository(), java.util.Set.of(heard::add));

        events.record(EVENT);

        assertThat(heard).isEmpty();
    }

    @Test
    void recordShouldAppendToTheRepository() {
        MemoryMailEventRepository repository = new MemoryMailEventRepository();
        MailEvents events = new MailEvents(repository);

        events.record(EVENT);

        assertThat(repository.list(MailEventQuery.of(EXAMPLE))).containsExactly(EVENT);
        assertThat(events.failures()).isZero();
    }

    @Test
    void aFailingRepositoryShouldBeCountedNotThrownIntoTheMailPath() {
        MailEvents events = new MailEvents(new BrokenRepository());

        for (long i = 0; i < MailEvents.LOG_EVERY + 1; i++) {
            assertThatCode(() -> events.record(EVENT)).doesNotThrowAnyException();
        }

        assertThat(events.failures()).isEqualTo(MailEvents.LOG_EVERY + 1);
    }

    @Test
    void aMissingEventShouldBeCountedNotThrown() {
        MailEvents events = new MailEvents(new MemoryMailEventRepository());

        assertThatCode(() -> events.record(null)).doesNotThrowAnyException();

        assertThat(events.failures()).isEqualTo(1);
    }
}
