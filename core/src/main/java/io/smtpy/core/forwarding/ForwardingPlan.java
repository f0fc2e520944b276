package io.smtpy.core.forwarding;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What to do with one mail's smtpy recipients: where to forward it (grouped by the forwarding domain, which
 * signs the envelope sender with SRS), why each forwarded recipient is forwarded, which recipients to drop, and
 * which cannot be served and why.
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

    /**
     * A recipient that is forwarded, with the resolution that decided it (empty for an SRS return address, which is
     * reversed rather than resolved) and the destinations it reached before de-duplication across recipients.
     */
    public static final class Forwarded {
        private final MailAddress recipient;
        private final Optional<Resolution> resolution;
        private final List<Destination> destinations;

        Forwarded(MailAddress recipient, Optional<Resolution> resolution, List<Destination> destinations) {
            this.recipient = recipient;
            this.resolution = resolution;
            this.destinations = ImmutableList.copyOf(destinations);
        }

        public MailAddress recipient() {
            return recipient;
        }

        /** The recipient's own resolution (alias, regex alias, catch-all); empty for returned mail. */
        public Optional<Resolution> resolution() {
            return resolution;
        }

        public List<Destination> destinations() {
            return destinations;
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

    /** A recipient that cannot be served, with the status to give the sender. */
    public static final class Refused {
        private final MailAddress recipient;
        private final SmtpStatus status;
        private final boolean loop;

        Refused(MailAddress recipient, SmtpStatus status, boolean loop) {
            this.recipient = recipient;
            this.status = status;
            this.loop = loop;
        }

        public MailAddress recipient() {
            return recipient;
        }

        public SmtpStatus status() {
            return status;
        }

        /** The reason in words, without the status codes. */
        public String reason() {
            return status.text();
        }

        /** True when the reason is an alias loop. */
        public boolean loop() {
            return loop;
        }
    }

    private final List<Route> routes;
    private final List<Forwarded> forwarded;
    private final List<Dropped> dropped;
    private final List<Refused> refused;

    ForwardingPlan(List<Route> routes, List<Forwarded> forwarded, List<Dropped> dropped, List<Refused> refused) {
        this.routes = ImmutableList.copyOf(routes);
        this.forwarded = ImmutableList.copyOf(forwarded);
        this.dropped = ImmutableList.copyOf(dropped);
        this.refused = ImmutableList.copyOf(refused);
    }

    public List<Route> routes() {
        return routes;
    }

    /** Each forwarded recipient and why, in the order of the recipients. */
    public List<Forwarded> forwarded() {
        return forwarded;
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
