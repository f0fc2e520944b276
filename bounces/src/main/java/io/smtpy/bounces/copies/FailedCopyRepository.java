package io.smtpy.bounces.copies;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.smtpy.core.model.DomainName;

/**
 * Failed copies kept for resending, one per journey: a journey whose copies fail to several destinations keeps the
 * last. Implementations: memory, embedded (SQLite); every one passes {@code FailedCopyRepositoryContract}.
 */
public interface FailedCopyRepository {
    /** Keeps the copy, replacing the one its journey had. */
    void keep(FailedCopy copy);

    Optional<FailedCopy> find(DomainName domain, String journeyId);

    /** Until when the journey's copy is kept, without reading its bytes. */
    Optional<Instant> keptUntil(DomainName domain, String journeyId);

    /** Forgets the copies kept until {@code now} or before, except those of the {@code held} domains. @return how many */
    int purgeExpired(Instant now, Set<DomainName> held);
}
