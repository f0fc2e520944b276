package io.smtpy.core.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/**
 * What a domain does with mail for local parts that have no alias: forward it to {@link #destinations()},
 * unless one of the {@link #exceptions()} matches first (first match wins).
 */
public final class CatchAll {
    private final List<Destination> destinations;
    private final List<ExceptionRule> exceptions;

    public CatchAll(List<Destination> destinations, List<ExceptionRule> exceptions) {
        this.destinations = ImmutableList.copyOf(new ArrayList<>(new LinkedHashSet<>(destinations)));
        this.exceptions = ImmutableList.copyOf(exceptions);
    }

    public List<Destination> destinations() {
        return destinations;
    }

    public List<ExceptionRule> exceptions() {
        return exceptions;
    }

    public Optional<ExceptionRule> exceptionFor(LocalPart localPart) {
        return exceptions.stream().filter(exception -> exception.pattern().matches(localPart)).findFirst();
    }

    /**
     * @throws InvalidFieldException naming the field out of bounds
     */
    public CatchAll validate(Limits limits) {
        if (destinations.isEmpty()) {
            throw new InvalidFieldException("destinations", "a catch-all needs at least one destination");
        }
        if (destinations.size() > limits.maxDestinations()) {
            throw new InvalidFieldException("destinations", "a catch-all may have at most " + limits.maxDestinations()
                + " destinations, got " + destinations.size());
        }
        if (exceptions.size() > limits.maxCatchAllExceptions()) {
            throw new InvalidFieldException("exceptions", "a catch-all may have at most " + limits.maxCatchAllExceptions()
                + " exceptions, got " + exceptions.size());
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CatchAll
            && ((CatchAll) o).destinations.equals(destinations)
            && ((CatchAll) o).exceptions.equals(exceptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinations, exceptions);
    }

    /** Local parts the catch-all must not forward, and what to do with their mail instead. */
    public static final class ExceptionRule {
        private final LocalPartPattern pattern;
        private final ExceptionAction action;

        public ExceptionRule(LocalPartPattern pattern, ExceptionAction action) {
            this.pattern = Objects.requireNonNull(pattern);
            this.action = Objects.requireNonNull(action);
        }

        public LocalPartPattern pattern() {
            return pattern;
        }

        public ExceptionAction action() {
            return action;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExceptionRule
                && ((ExceptionRule) o).pattern.equals(pattern)
                && ((ExceptionRule) o).action == action;
        }

        @Override
        public int hashCode() {
            return Objects.hash(pattern, action);
        }
    }
}
