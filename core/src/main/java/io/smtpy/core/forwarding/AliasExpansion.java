package io.smtpy.core.forwarding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.smtp.SmtpStatus;
import io.smtpy.core.srs.Reversal;
import io.smtpy.core.srs.SenderRewriting;

/**
 * Turns a mail's smtpy recipients into a {@link ForwardingPlan}.
 *
 * <p>A destination that is itself an address of an smtpy domain is expanded here rather than sent out and
 * received again: the chain is followed in memory, so {@code a@d1 → b@d2 → a@d1} is seen as a loop at once and
 * refused with the chain as the reason, instead of bouncing around until a hop counter stops it. The
 * forwarding domain (which signs the SRS sender) is the domain of the recipient the sender wrote.
 *
 * <p>Mail to an SRS address of an smtpy domain is returned mail: it goes back to the original sender.
 * Destinations are de-duplicated across all recipients: each mailbox receives the mail once.
 */
public class AliasExpansion {
    /** Alias chains longer than this are refused: no owner needs them, and they bound the work per mail. */
    static final int MAX_DEPTH = 8;

    private final AliasResolver resolver;
    private final SenderRewriting senderRewriting;

    @Inject
    public AliasExpansion(AliasResolver resolver, SenderRewriting senderRewriting) {
        this.resolver = resolver;
        this.senderRewriting = senderRewriting;
    }

    /** Whether smtpy is responsible for this recipient (it is on an smtpy domain). */
    public boolean isSmtpyRecipient(MailAddress recipient) {
        return resolver.resolve(recipient).outcome() != Resolution.Outcome.NOT_SMTPY_DOMAIN;
    }

    /**
     * Where mail to an SRS address of ours goes back to. An SRS1 address whose first forwarder is one of our own
     * domains reverses to our own SRS0 address, which is reversed (and checked) in turn.
     */
    public Reversal returnAddress(MailAddress srsAddress) {
        Reversal reversal = senderRewriting.reverse(srsAddress);
        if (reversal.isReversed() && senderRewriting.isSrs(reversal.address().get()) && isSmtpyRecipient(reversal.address().get())) {
            return senderRewriting.reverse(reversal.address().get());
        }
        return reversal;
    }

    /** Whether the recipient is an SRS address (of any domain: callers check the domain). */
    public boolean isSrs(MailAddress recipient) {
        return senderRewriting.isSrs(recipient);
    }

    public static String reasonOf(Reversal reversal) {
        return reversal.reason().map(Reversal.Reason::name).orElse("").toLowerCase(Locale.ROOT);
    }

    public ForwardingPlan plan(Collection<MailAddress> recipients) {
        return plan(recipients, Map.of());
    }

    /**
     * As {@link #plan(Collection)}, with the destinations of some recipients replaced or extended by the owner's
     * rules; smtpy addresses among those are expanded (and checked for loops) like an alias's own.
     */
    public ForwardingPlan plan(Collection<MailAddress> recipients, Map<MailAddress, Redirection> redirections) {
        Map<String, RouteBuilder> routes = new LinkedHashMap<>();
        Set<Destination> alreadyRouted = new LinkedHashSet<>();
        List<ForwardingPlan.Forwarded> forwarded = new ArrayList<>();
        List<ForwardingPlan.Dropped> dropped = new ArrayList<>();
        List<ForwardingPlan.Refused> refused = new ArrayList<>();

        for (MailAddress recipient : recipients) {
            DomainName domain;
            try {
                domain = DomainName.of(recipient.getDomain().asString());
            } catch (IllegalArgumentException e) {
                refused.add(refusal(recipient, "5.1.2", "invalid domain"));
                continue;
            }
            if (senderRewriting.isSrs(recipient)) {
                Reversal reversal = returnAddress(recipient);
                if (!reversal.isReversed()) {
                    refused.add(refusal(recipient, "5.1.1", "invalid return address (" + reasonOf(reversal) + ")"));
                    continue;
                }
                Destination original;
                try {
                    original = Destination.of(reversal.address().get().asString());
                } catch (IllegalArgumentException e) {
                    refused.add(refusal(recipient, "5.1.3", "the original sender is not a routable address"));
                    continue;
                }
                routes.computeIfAbsent("returned:" + domain.asString(), key -> new RouteBuilder(domain, true))
                    .add(recipient, List.of(original), alreadyRouted);
                forwarded.add(new ForwardingPlan.Forwarded(recipient, Optional.empty(), List.of(original)));
                continue;
            }
            Resolution resolution = resolver.resolve(recipient);
            if (resolution.outcome() == Resolution.Outcome.CATCH_ALL_EXCEPTION
                && resolution.action().filter(action -> action == ExceptionAction.DROP).isPresent()) {
                dropped.add(new ForwardingPlan.Dropped(recipient, resolution.matched().orElse("")));
                continue;
            }
            List<Destination> destinations = new ArrayList<>();
            List<String> path = new ArrayList<>(List.of(key(recipient)));
            Redirection redirection = redirections.get(recipient);
            if (redirection != null && redirection.replaced().isPresent()) {
                expandEach(recipient, redirection.replaced().get(), path, destinations, refused);
            } else {
                expand(recipient, recipient, resolution, path, destinations, refused);
            }
            if (redirection != null) {
                expandEach(recipient, redirection.added(), path, destinations, refused);
            }
            if (!destinations.isEmpty()) {
                routes.computeIfAbsent(domain.asString(), key -> new RouteBuilder(domain, false))
                    .add(recipient, destinations, alreadyRouted);
                forwarded.add(new ForwardingPlan.Forwarded(recipient, Optional.of(resolution), destinations));
            }
        }
        return new ForwardingPlan(
            routes.values().stream().filter(RouteBuilder::hasDestinations).map(RouteBuilder::build).collect(Collectors.toList()),
            forwarded, dropped, refused);
    }

    private void expand(MailAddress recipient, MailAddress address, Resolution resolution, List<String> path,
                        List<Destination> out, List<ForwardingPlan.Refused> refused) {
        if (!resolution.forwards()) {
            refused.add(refusal(recipient, "5.1.1", address.asString() + " does not accept mail (" + resolution.outcome().asString() + ")"));
            return;
        }
        expandEach(recipient, resolution.destinations(), path, out, refused);
    }

    private void expandEach(MailAddress recipient, Collection<Destination> destinations, List<String> path,
                            List<Destination> out, List<ForwardingPlan.Refused> refused) {
        for (Destination destination : destinations) {
            Resolution next = resolver.resolve(destination.address());
            if (next.outcome() == Resolution.Outcome.NOT_SMTPY_DOMAIN) {
                out.add(destination);
                continue;
            }
            String key = key(destination.address());
            if (path.contains(key)) {
                refused.add(new ForwardingPlan.Refused(recipient,
                    SmtpStatus.of(550, "5.4.6", "alias loop: " + String.join(" -> ", path) + " -> " + key), true));
                continue;
            }
            if (path.size() >= MAX_DEPTH) {
                refused.add(refusal(recipient, "5.4.6", "alias chain longer than " + MAX_DEPTH + ": " + String.join(" -> ", path)
                    + " -> " + key));
                continue;
            }
            if (next.outcome() == Resolution.Outcome.CATCH_ALL_EXCEPTION
                && next.action().filter(action -> action == ExceptionAction.DROP).isPresent()) {
                continue;
            }
            List<String> longer = new ArrayList<>(path);
            longer.add(key);
            expand(recipient, destination.address(), next, longer, out, refused);
        }
    }

    private static ForwardingPlan.Refused refusal(MailAddress recipient, String enhanced, String text) {
        return new ForwardingPlan.Refused(recipient, SmtpStatus.of(550, enhanced, text), false);
    }

    private static String key(MailAddress address) {
        return address.asString().toLowerCase(Locale.ROOT);
    }

    private static final class RouteBuilder {
        private final DomainName domain;
        private final boolean returnedMail;
        private final List<MailAddress> recipients = new ArrayList<>();
        private final Set<Destination> destinations = new LinkedHashSet<>();

        RouteBuilder(DomainName domain, boolean returnedMail) {
            this.domain = Objects.requireNonNull(domain);
            this.returnedMail = returnedMail;
        }

        void add(MailAddress recipient, List<Destination> found, Set<Destination> alreadyRouted) {
            recipients.add(recipient);
            for (Destination destination : found) {
                if (alreadyRouted.add(destination)) {
                    destinations.add(destination);
                }
            }
        }

        boolean hasDestinations() {
            return !destinations.isEmpty();
        }

        ForwardingPlan.Route build() {
            return new ForwardingPlan.Route(domain, recipients, destinations, returnedMail);
        }
    }
}
