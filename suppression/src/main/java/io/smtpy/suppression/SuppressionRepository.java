package io.smtpy.suppression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;

/**
 * Where suppressions are kept. The mail path asks {@link #active} once per destination of every copy, so it must be an
 * indexed lookup. Destinations compare without regard to case ({@link Destination#equals}).
 */
public interface SuppressionRepository {
    /** @throws io.smtpy.core.store.AlreadyExistsException when its id is stored already */
    void add(Suppression suppression);

    Optional<Suppression> find(DomainName domain, SuppressionId id);

    /** The suppression of this alias and destination in force at {@code now} (the one ending last, if several). */
    Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination, Instant now);

    /**
     * Up to {@code limit} of the domain's suppressions in force at {@code now}, newest first: what a node holds in memory
     * for the mail path. Read page by page through {@link #list}.
     */
    default List<Suppression> inForce(DomainName domain, Instant now, int limit) {
        List<Suppression> found = new ArrayList<>();
        Optional<SuppressionCursor> after = Optional.empty();
        do {
            SuppressionPage page = list(SuppressionQuery.of(domain, now).after(after)
                .limit(Math.min(SuppressionQuery.MAX_LIMIT, limit - found.size())));
            found.addAll(page.items());
            after = page.next();
        } while (after.isPresent() && found.size() < limit);
        return found;
    }

    /** Newest first ({@link SuppressionCursor#ORDER}); at most {@code query.limit()}, with a cursor when there are more. */
    SuppressionPage list(SuppressionQuery query);

    /** @return whether it was stored */
    boolean remove(DomainName domain, SuppressionId id);

    /** Up to {@code limit} suppressions, of any domain, that ended at or before {@code now}: for the sweep that ends them. */
    List<Suppression> ended(Instant now, int limit);
}
