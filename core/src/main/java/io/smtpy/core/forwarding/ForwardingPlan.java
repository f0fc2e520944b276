package io.smtpy.core.forwarding;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;

/**
 * What to do with one mail's smtpy recipients: where to forward it (grouped by the forwarding domain, which
 * signs the envelope sender with SRS), which recipients to drop, and which cannot be served and why.
 */
public final class ForwardingPlan {

    /** Destinations reached through aliases of one forwarding domain. */
    public static final class Route {
        private final DomainName forwardingDomain;
        private final List<MailAddress> recipients;
        private final Set<Destination> destinations;
        private final boolean returnedMail;

        Route(DomainName forwardingDomain, List<MailAddress> recipients, Set<Destination> destinations, boolean returnedMail) {
            this.forwardingDomain = forwardingDomain;
            this.recipients = ImmutableList.copyOf(recipients);
            this.destinations = ImmutableSet.copyOf(destinations);
            this.returnedMail = returnedMail;
        }

        public DomainName forwardingDomain() {
            return forwardingDomain;
        }

        /** The original envelope recipients (alias addresses) this route serves. */
        public List<MailAddress> recipients() {
            return recipients;
        }

        public Set<Destination> destinations() {
            return destinations;
        }

        /**
         * True for mail to an SRS address: it is returned mail (a bounce, a reply to a bounce) going back to the
         * original sender; its envelope sender is kept as is rather than rewritten.
         */
        public boolean returnedMail() {
            return returnedMail;
        }
    }

    /** A recipient whose mail is discarded on purpose (a catch-all exception with action drop). */
    public static final class Dropped {
        private final MailAddress recipient;
        private final String pattern;

        Dropped(MailAddress recipient, String pattern) {
            this.recipient = recipient;
            this.pattern = pattern;
        }

        public MailAddress recipient() {
            return recipient;
        }

        public String pattern() {
            return pattern;
        }
    }

    /** A recipient that cannot be served, with the reason to give the sender. */
    public static final class Refused {
        private final MailAddress recipient;
        private final String reason;
        private final boolean loop;

        Refused(MailAddress recipient, String reason, boolean loop) {
            this.recipient = recipient;
            this.reason = reason;
            this.loop = loop;
        }

        public MailAddress recipient() {
            return recipient;
        }

        public String reason() {
            return reason;
        }

        /** True when the reason is an alias loop. */
        public boolean loop() {
            return loop;
        }
    }

    private final List<Route> routes;
    private final List<Dropped> dropped;
    private final List<Refused> refused;

    ForwardingPlan(List<Route> routes, List<Dropped> dropped, List<Refused> refused) {
        this.routes = ImmutableList.copyOf(routes);
        this.dropped = ImmutableList.copyOf(dropped);
        this.refused = ImmutableList.copyOf(refused);
    }

    public List<Route> routes() {
        return routes;
    }

    public List<Dropped> dropped() {
        return dropped;
    }

    public List<Refused> refused() {
        return refused;
    }

    public Optional<Refused> firstLoop() {
        return refused.stream().filter(Refused::loop).findFirst();
    }
}
