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

    private static MailEvent bounce() {
        return MailEvent.builder(EXAMPLE, MailEventType.BOUNCED, Instant.parse("2026-01-01T00:00:00Z"))
            .sender("Ann@Sender.example").recipients(List.of("bob@dest.example"))
            .detail("550 5.1.1 <bob@dest.example>: no such user").subject("Re: Salary review").build();
    }

    @Test
    void aHashedDomainShouldKeepTheSameHashForAnAddressWhereverItAppearsAndTellListenersTheKeptEvent() {
        MemoryMailEventRepository repository = new MemoryMailEventRepository();
        List<MailEvent> heard = new java.util.ArrayList<>();
        MailEvents events = new MailEvents(repository, java.util.Set.of(heard::add), domain -> io.smtpy.core.model.EventPrivacy.HASHED);

        events.record(bounce());

        MailEvent kept = repository.list(MailEventQuery.of(EXAMPLE)).get(0);
        String bob = io.smtpy.core.model.EventPrivacy.HASHED.address("BOB@dest.example");
        assertThat(bob).matches("sha256:[0-9a-f]{32}");
        assertThat(kept.recipients()).containsExactly(bob);
        assertThat(kept.detail()).isEqualTo("550 5.1.1 <" + bob + ">: no such user");
        assertThat(kept.sender()).isEqualTo(io.smtpy.core.model.EventPrivacy.HASHED.address("ann@sender.example"));
        assertThat(kept.subject()).get().asString().matches("sha256:[0-9a-f]{32}")
            .isEqualTo(io.smtpy.core.model.EventPrivacy.HASHED.subject("Re: Salary review").orElseThrow())
            .isNotEqualTo(io.smtpy.core.model.EventPrivacy.HASHED.subject("re: salary review").orElseThrow());
        assertThat(heard).containsExactly(kept);
    }

    @Test
    void aDomainThatKeepsNoAddressesShouldHaveNoneInItsEventsButTheNullSenderStays() {
        MemoryMailEventRepository repository = new MemoryMailEventRepository();
        MailEvents events = new MailEvents(repository, java.util.Set.of(), domain -> io.smtpy.core.model.EventPrivacy.NONE);

        events.record(bounce());
        events.record(bounce().toBuilder().sender("").build());

        List<MailEvent> kept = repository.list(MailEventQuery.of(EXAMPLE));
        assertThat(kept).allSatisfy(event -> {
            assertThat(event.recipients()).containsExactly(io.smtpy.core.model.EventPrivacy.NOT_KEPT);
            assertThat(event.detail()).isEqualTo("550 5.1.1 <(not kept)>: no such user").doesNotContain("@");
            assertThat(event.subject()).isEmpty();
        });
        assertThat(kept).extracting(MailEvent::sender).containsExactly(MailEvent.NULL_SENDER, io.smtpy.core.model.EventPrivacy.NOT_KEPT);
    }

    @Test
    void aFullDomainShouldKeepTheEventAsRecorded() {
        MemoryMailEventRepository repository = new MemoryMailEventRepository();

        new MailEvents(repository, java.util.Set.of(), EventPrivacyPolicy.FULL).record(bounce());

        assertThat(repository.list(MailEventQuery.of(EXAMPLE))).containsExactly(bounce().toBuilder()
            .id(repository.list(MailEventQuery.of(EXAMPLE)).get(0).id()).build());
    }
}
