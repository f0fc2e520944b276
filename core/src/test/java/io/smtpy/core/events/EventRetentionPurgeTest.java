package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventRetention;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class EventRetentionPurgeTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName DEFAULTS = DomainName.of("defaults.example");
    private static final DomainName WEEK = DomainName.of("week.example");
    private static final DomainName HELD = DomainName.of("held.example");

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryDomainRepository domains = new MemoryDomainRepository();
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final EventRetentionPurge purge = new EventRetentionPurge(domains, events, clock);

    private void domain(DomainName name, EventRetention retention) {
        domains.create(Domain.builder(name).eventRetention(retention).createdAt(T0).updatedAt(T0).build());
        events.append(MailEvent.builder(name, MailEventType.RECEIVED, T0).build());
    }

    private int count(DomainName domain) {
        return events.list(MailEventQuery.of(domain)).size();
    }

    @Test
    void eventsShouldBeKeptThirtyDaysByDefaultThenPurged() {
        domain(DEFAULTS, EventRetention.DEFAULT);

        clock.moveBy(Duration.ofDays(30));
        assertThat(purge.run()).isZero();
        assertThat(count(DEFAULTS)).isEqualTo(1);

        clock.moveBy(Duration.ofSeconds(1));
        assertThat(purge.run()).isEqualTo(1);
        assertThat(count(DEFAULTS)).isZero();
    }

    @Test
    void eachDomainShouldKeepItsEventsForItsOwnRetentionAndALegalHoldShouldStopThePurge() {
        domain(DEFAULTS, EventRetention.DEFAULT);
        domain(WEEK, new EventRetention(7, false));
        domain(HELD, new EventRetention(7, true));

        clock.moveBy(Duration.ofDays(8));
        assertThat(purge.run()).isEqualTo(1);

        assertThat(count(WEEK)).isZero();
        assertThat(count(DEFAULTS)).isEqualTo(1);
        assertThat(count(HELD)).isEqualTo(1);

        clock.moveBy(Duration.ofDays(1000));
        purge.run();
        assertThat(count(HELD)).isEqualTo(1);
    }
}
