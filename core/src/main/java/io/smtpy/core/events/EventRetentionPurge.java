package io.smtpy.core.events;

import java.time.Clock;
import java.time.Instant;

import javax.inject.Inject;

import io.smtpy.core.model.Domain;
import io.smtpy.core.store.DomainRepository;

/**
 * Deletes each domain's mail events past its {@link io.smtpy.core.model.EventRetention} (30 days unless the owner
 * chose otherwise), and none of a domain under a legal hold. Run on a schedule by the server; each run sees the
 * time through the injected clock.
 */
public class EventRetentionPurge {
    private final DomainRepository domains;
    private final MailEventRepository events;
    private final Clock clock;

    @Inject
    public EventRetentionPurge(DomainRepository domains, MailEventRepository events, Clock clock) {
        this.domains = domains;
        this.events = events;
        this.clock = clock;
    }

    /** One pass over every domain; returns how many events went. */
    public long run() {
        Instant now = clock.instant();
        long purged = 0;
        for (Domain domain : domains.list()) {
            purged += domain.eventRetention().purgeBefore(now).map(before -> events.purge(domain.name(), before)).orElse(0L);
        }
        return purged;
    }
}
