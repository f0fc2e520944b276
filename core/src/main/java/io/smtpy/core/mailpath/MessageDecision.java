package io.smtpy.core.mailpath;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import com.google.common.collect.ImmutableList;

import io.smtpy.core.model.Destination;
import io.smtpy.core.smtp.SmtpStatus;

/**
 * What happens to a received mail after DATA: per recipient what and why ({@link RecipientOutcome}), the copies to
 * send ({@link CopyPlan}), and the text of the bounce to the sender when some recipients cannot be served.
 */
public final class MessageDecision {

    public enum Action {
        /** Forwarded to destinations (through a copy). */
        FORWARD,
        /** Discarded on purpose by a catch-all exception, a rule or a list entry, and recorded. */
        DROP,
        /** Held in the quarantine by a rule or list entry, until an owner releases or deletes it. */
        QUARANTINE,
        /** Not served: bounced to the sender with a status. */
        BOUNCE,
        /** Not served because the mail loops (an alias loop, or too many hops): bounced as a loop. */
        LOOP
    }

    /**
     * What happens to one recipient and why. A recipient can have several (some destinations reached, one a loop).
     * The reason in words is only put together when asked (for an event), not for every recipient of every mail.
     */
    public static final class RecipientOutcome {
        private final MailAddress recipient;
        private final Action action;
        private final Optional<MatchedBy> matchedBy;
        private final String matched;
        private final List<Destination> destinations;
        private final Optional<SmtpStatus> status;

        private RecipientOutcome(MailAddress recipient, Action action, Optional<MatchedBy> matchedBy, String matched,
                                 List<Destination> destinations, Optional<SmtpStatus> status) {
            this.recipient = Objects.requireNonNull(recipient);
            this.action = action;
            this.matchedBy = matchedBy;
            this.matched = matched;
            this.destinations = ImmutableList.copyOf(destinations);
            this.status = status;
        }

        /** @param matched the alias address, regex pattern or catch-all; the original sender for an SRS address */
        static RecipientOutcome forward(MailAddress recipient, MatchedBy matchedBy, String matched, List<Destination> destinations) {
            return new RecipientOutcome(recipient, Action.FORWARD, Optional.of(matchedBy), matched, destinations, Optional.empty());
        }

        static RecipientOutcome drop(MailAddress recipient, String pattern) {
            return new RecipientOutcome(recipient, Action.DROP, Optional.of(MatchedBy.CATCH_ALL_DROP), pattern, List.of(),
                Optional.empty());
        }

        /** Dropped or quarantined by the owner's rule or list entry {@code decidedBy}. */
        static RecipientOutcome withhold(MailAddress recipient, Action action, String decidedBy) {
            return new RecipientOutcome(recipient, action, Optional.empty(), decidedBy, List.of(), Optional.empty());
        }

        static RecipientOutcome refuse(MailAddress recipient, SmtpStatus status, boolean loop) {
            return new RecipientOutcome(recipient, loop ? Action.LOOP : Action.BOUNCE, Optional.empty(), "", List.of(),
                Optional.of(status));
        }

        public MailAddress recipient() {
            return recipient;
        }

        public Action action() {
            return action;
        }

        /** What the recipient matched, for a forward or a catch-all drop; empty when an owner's rule or list decided. */
        public Optional<MatchedBy> matchedBy() {
            return matchedBy;
        }

        /** The owner's rule or list entry that dropped or quarantined the recipient. */
        public Optional<String> decidedBy() {
            return (action == Action.QUARANTINE || action == Action.DROP) && matchedBy.isEmpty() ? Optional.of(matched) : Optional.empty();
        }

        /** Why, in words (for events): what matched, or the status's reply. */
        public String reason() {
            switch (action) {
                case FORWARD:
                    return matchedBy.get().asString() + " " + matched;
                case DROP:
                    return matchedBy.isPresent() ? "catch-all exception '" + matched + "' drops it" : matched + " drops it";
                case QUARANTINE:
                    return matched + " quarantines it";
                default:
                    return status.get().reply();
            }
        }

        /** This recipient's destinations, for a forward (before de-duplication across recipients). */
        public List<Destination> destinations() {
            return destinations;
        }

        /** The status the sender is given, for a bounce or a loop. */
        public Optional<SmtpStatus> status() {
            return status;
        }

        public boolean refused() {
            return action == Action.BOUNCE || action == Action.LOOP;
        }

        @Override
        public String toString() {
            return recipient.asString() + ": " + action + " (" + reason() + ")" + (destinations.isEmpty() ? "" : " -> " + destinations);
        }
    }

    private final List<RecipientOutcome> outcomes;
    private final List<CopyPlan> copies;
    private final Optional<String> bounceReason;

    MessageDecision(List<RecipientOutcome> outcomes, List<CopyPlan> copies, Optional<String> bounceReason) {
        this.outcomes = ImmutableList.copyOf(outcomes);
        this.copies = ImmutableList.copyOf(copies);
        this.bounceReason = bounceReason;
    }

    /** Drops and quarantines by rules first, then forwards, then other drops, then refusals, in the order of the recipients. */
    public List<RecipientOutcome> outcomes() {
        return outcomes;
    }

    public List<CopyPlan> copies() {
        return copies;
    }

    /** The reason given to the sender in the bounce, when any recipient is refused. */
    public Optional<String> bounceReason() {
        return bounceReason;
    }

    @Override
    public String toString() {
        return outcomes + ", " + copies;
    }
}
