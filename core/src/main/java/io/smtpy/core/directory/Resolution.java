package io.smtpy.core.directory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.ExceptionAction;

/** What one recipient address resolves to now, and why. */
public final class Resolution {

    /** Why a recipient resolved as it did. */
    public enum Outcome {
        /** An enabled, unexpired alias of that local part. */
        EXACT(true),
        /** A regex alias of the domain matched. */
        REGEX(true),
        /** No alias matched; the catch-all forwards it. */
        CATCH_ALL(true),
        /** A catch-all exception matched; see {@link #action()}. */
        CATCH_ALL_EXCEPTION(false),
        /** The alias exists but its expiry time has passed. */
        EXPIRED(false),
        /** The alias exists but is disabled. */
        DISABLED_ALIAS(false),
        /** The domain is an smtpy domain but disabled. */
        DISABLED_DOMAIN(false),
        /** An smtpy domain, but nothing matches the local part. */
        UNKNOWN(false),
        /** Not an smtpy domain: smtpy has nothing to say about this address. */
        NOT_SMTPY_DOMAIN(false);

        private final boolean forwards;

        Outcome(boolean forwards) {
            this.forwards = forwards;
        }

        public String asString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Outcome outcome;
    private final List<Destination> destinations;
    private final Optional<ExceptionAction> action;
    private final Optional<String> matched;

    private Resolution(Outcome outcome, List<Destination> destinations, Optional<ExceptionAction> action, Optional<String> matched) {
        this.outcome = outcome;
        this.destinations = ImmutableList.copyOf(destinations);
        this.action = action;
        this.matched = matched;
    }

    static Resolution forward(Outcome outcome, List<Destination> destinations, String matched) {
        return new Resolution(outcome, destinations, Optional.empty(), Optional.of(matched));
    }

    static Resolution exception(ExceptionAction action, String pattern) {
        return new Resolution(Outcome.CATCH_ALL_EXCEPTION, List.of(), Optional.of(action), Optional.of(pattern));
    }

    static Resolution refused(Outcome outcome, Optional<String> matched) {
        return new Resolution(outcome, List.of(), Optional.empty(), matched);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** True when mail to this recipient is forwarded to {@link #destinations()}. */
    public boolean forwards() {
        return outcome.forwards;
    }

    public List<Destination> destinations() {
        return destinations;
    }

    /** The action of the matching catch-all exception. */
    public Optional<ExceptionAction> action() {
        return action;
    }

    /** What matched: the alias address, the regex pattern, the exception pattern or the catch-all. */
    public Optional<String> matched() {
        return matched;
    }

    @Override
    public String toString() {
        return outcome.asString() + matched.map(m -> " (" + m + ")").orElse("") + " -> " + destinations
            + action.map(a -> " action " + a.asString()).orElse("");
    }
}
