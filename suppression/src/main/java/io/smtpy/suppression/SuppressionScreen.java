package io.smtpy.suppression;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/**
 * The mail path's decision about suppressed destinations, for one copy about to be sent: a destination suppressed for
 * one of the copy's aliases is not sent to. It goes to that alias's next fallback that is not suppressed itself
 * ({@link FallbackPolicy}), or, when there is none, the copy for that alias is held in the quarantine (the adapter
 * does it) for an owner to release. Never drops a mail.
 *
 * <p>A copy for several aliases of a domain shares its destinations; a destination is withheld when it is suppressed
 * for any of them (the suppression was made through one alias, and sending to it through another would hit the same
 * dead or complaining mailbox).
 */
public class SuppressionScreen {
    /** A fallback chain longer than this is not followed further: the copy is held instead. */
    static final int MAX_FALLBACK_STEPS = 10;

    /** A destination not sent to, the suppression that says so, and where the copy goes instead (empty: held). */
    public static final class Withheld {
        private final MailAddress destination;
        private final Suppression suppression;
        private final Optional<MailAddress> fallback;

        Withheld(MailAddress destination, Suppression suppression, Optional<MailAddress> fallback) {
            this.destination = Objects.requireNonNull(destination);
            this.suppression = Objects.requireNonNull(suppression);
            this.fallback = Objects.requireNonNull(fallback);
        }

        public MailAddress destination() {
            return destination;
        }

        public Suppression suppression() {
            return suppression;
        }

        public Optional<MailAddress> fallback() {
            return fallback;
        }

        /** The alias the suppression is about. */
        public LocalPart alias() {
            return suppression.alias();
        }

        /** For the {@code suppressed} event in the mail's journey. */
        public String detail() {
            return "not sent to " + destination.asString() + ": suppressed until " + suppression.until() + " ("
                + suppression.reason() + "; suppression " + suppression.id() + "); "
                + fallback.map(next -> "sent to the fallback " + next.asString()).orElse("held in the quarantine");
        }
    }

    /** What to do with a copy's destinations. */
    public static final class Screened {
        private final List<MailAddress> destinations;
        private final List<Withheld> withheld;

        Screened(List<MailAddress> destinations, List<Withheld> withheld) {
            this.destinations = ImmutableList.copyOf(destinations);
            this.withheld = ImmutableList.copyOf(withheld);
        }

        /** Where the copy goes: the destinations not suppressed, then the fallbacks of those that are, once each. */
        public List<MailAddress> destinations() {
            return destinations;
        }

        public List<Withheld> withheld() {
            return withheld;
        }

        /** The withheld destinations with no fallback: their aliases' copies are to be held. */
        public List<Withheld> held() {
            return withheld.stream().filter(w -> w.fallback().isEmpty()).collect(ImmutableList.toImmutableList());
        }

        public boolean changesNothing() {
            return withheld.isEmpty();
        }
    }

    private final Suppressions suppressions;
    private final FallbackPolicy fallbacks;

    @Inject
    public SuppressionScreen(Suppressions suppressions, FallbackPolicy fallbacks) {
        this.suppressions = suppressions;
        this.fallbacks = fallbacks;
    }

    /**
     * @param aliases the aliases (local parts of {@code domain}) the copy serves
     * @param destinations the copy's destinations
     */
    public Screened screen(DomainName domain, List<LocalPart> aliases, List<MailAddress> destinations) {
        Set<MailAddress> kept = new LinkedHashSet<>();
        List<MailAddress> fallbacksTaken = new ArrayList<>(0);
        List<Withheld> withheld = new ArrayList<>(0);
        for (MailAddress destination : destinations) {
            Optional<Suppression> suppression = suppressionOf(domain, aliases, destination);
            if (suppression.isEmpty()) {
                kept.add(destination);
                continue;
            }
            Optional<MailAddress> fallback = fallback(domain, suppression.get().alias(), destination);
            fallback.ifPresent(fallbacksTaken::add);
            withheld.add(new Withheld(destination, suppression.get(), fallback));
        }
        kept.addAll(fallbacksTaken);
        return new Screened(new ArrayList<>(kept), withheld);
    }

    private Optional<Suppression> suppressionOf(DomainName domain, List<LocalPart> aliases, MailAddress address) {
        Destination destination;
        try {
            destination = Destination.of(address.asString());
        } catch (IllegalArgumentException notADestination) {
            return Optional.empty();
        }
        for (LocalPart alias : aliases) {
            Optional<Suppression> suppression = suppressions.active(domain, alias, destination);
            if (suppression.isPresent()) {
                return suppression;
            }
        }
        return Optional.empty();
    }

    /** The alias's next fallback after {@code failed} that is not suppressed for it. */
    private Optional<MailAddress> fallback(DomainName domain, LocalPart alias, MailAddress failed) {
        MailAddress current = failed;
        for (int step = 0; step < MAX_FALLBACK_STEPS; step++) {
            Map<MailAddress, FallbackPolicy.Fallback> next = fallbacks.after(domain, List.of(alias), List.of(current));
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get(current).next();
            if (suppressionOf(domain, List.of(alias), current).isEmpty()) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }
}
