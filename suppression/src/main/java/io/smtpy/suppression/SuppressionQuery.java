package io.smtpy.suppression;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;

/**
 * A page of a domain's suppressions still in force at {@code activeAt}, newest first, optionally for one alias and one
 * destination, after a {@link SuppressionPage#next()} cursor.
 */
public final class SuppressionQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final DomainName domain;
    private final Instant activeAt;
    private Optional<LocalPart> alias = Optional.empty();
    private Optional<Destination> destination = Optional.empty();
    private Optional<SuppressionCursor> after = Optional.empty();
    private int limit = DEFAULT_LIMIT;

    private SuppressionQuery(DomainName domain, Instant activeAt) {
        this.domain = Objects.requireNonNull(domain);
        this.activeAt = Objects.requireNonNull(activeAt);
    }

    public static SuppressionQuery of(DomainName domain, Instant activeAt) {
        return new SuppressionQuery(domain, activeAt);
    }

    public SuppressionQuery alias(Optional<LocalPart> alias) {
        this.alias = Objects.requireNonNull(alias);
        return this;
    }

    public SuppressionQuery destination(Optional<Destination> destination) {
        this.destination = Objects.requireNonNull(destination);
        return this;
    }

    public SuppressionQuery after(Optional<SuppressionCursor> after) {
        this.after = Objects.requireNonNull(after);
        return this;
    }

    /** @throws IllegalArgumentException outside 1..{@value #MAX_LIMIT} */
    public SuppressionQuery limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        this.limit = limit;
        return this;
    }

    public DomainName domain() {
        return domain;
    }

    public Instant activeAt() {
        return activeAt;
    }

    public Optional<LocalPart> alias() {
        return alias;
    }

    public Optional<Destination> destination() {
        return destination;
    }

    public Optional<SuppressionCursor> after() {
        return after;
    }

    public int limit() {
        return limit;
    }

    /** Whether a suppression belongs in the result, the cursor aside. */
    public boolean matches(Suppression suppression) {
        return suppression.domain().equals(domain)
            && suppression.activeAt(activeAt)
            && alias.map(suppression.alias()::equals).orElse(true)
            && destination.map(suppression.destination()::equals).orElse(true);
    }
}
