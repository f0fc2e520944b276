package io.smtpy.limits;

import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * Storage of limit sets, one per subject and direction. Read on the mail path only through {@link LimitSettings},
 * which keeps each domain's sets in memory.
 */
public interface LimitSettingsRepository {
    /** Stores the set, replacing the subject's set of that direction. */
    void put(LimitSet set);

    Optional<LimitSet> find(LimitSubject subject, LimitDirection direction);

    /** Every set of the domain's subjects, ordered by scope (domain, alias, credential), key, direction. */
    List<LimitSet> list(DomainName domain);

    /** @return whether there was such a set */
    boolean remove(LimitSubject subject, LimitDirection direction);
}
