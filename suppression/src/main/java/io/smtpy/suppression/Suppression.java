package io.smtpy.suppression;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.LocalPart;

/**
 * One destination of one alias that copies are kept away from, from {@code since} until {@code until}: it failed for
 * good or complained ({@link SuppressionCause}), or an owner said so. {@code journeyId} names the mail whose failure or
 * complaint caused it, when one did. Immutable.
 */
public final class Suppression {
    /** The longest text kept as a reason: it may quote a remote server's reply. */
    public static final int MAX_REASON_LENGTH = 500;

    private final SuppressionId id;
    private final DomainName domain;
    private final LocalPart alias;
    private final Destination destination;
    private final String reason;
    private final SuppressionCause cause;
    private final Instant since;
    private final Instant until;
    private final Optional<String> journeyId;

    public Suppression(SuppressionId id, DomainName domain, LocalPart alias, Destination destination, String reason,
                       SuppressionCause cause, Instant since, Instant until, Optional<String> journeyId) {
        this.id = Objects.requireNonNull(id, "id");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.alias = Objects.requireNonNull(alias, "alias");
        this.destination = Objects.requireNonNull(destination, "destination");
        String text = Objects.requireNonNull(reason, "reason");
        this.reason = text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) : text;
        this.cause = Objects.requireNonNull(cause, "cause");
        this.since = Objects.requireNonNull(since, "since");
        this.until = Objects.requireNonNull(until, "until");
        if (!until.isAfter(since)) {
            throw new IllegalArgumentException("a suppression must end after it starts (" + since + " .. " + until + ")");
        }
        this.journeyId = Objects.requireNonNull(journeyId, "journeyId");
    }

    public SuppressionId id() {
        return id;
    }

    public DomainName domain() {
        return domain;
    }

    public LocalPart alias() {
        return alias;
    }

    public Destination destination() {
        return destination;
    }

    public String reason() {
        return reason;
    }

    public SuppressionCause cause() {
        return cause;
    }

    public Instant since() {
        return since;
    }

    public Instant until() {
        return until;
    }

    /** The journey of the mail whose failure or complaint caused it; empty for a suppression made by hand. */
    public Optional<String> journeyId() {
        return journeyId;
    }

    /** Whether copies are still kept away at {@code now}: it ends by itself at {@link #until()}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }

    /** Whether it is about this alias and destination (destinations compare without case). */
    public boolean concerns(LocalPart alias, Destination destination) {
        return this.alias.equals(alias) && this.destination.equals(destination);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Suppression)) {
            return false;
        }
        Suppression other = (Suppression) o;
        return id.equals(other.id) && domain.equals(other.domain) && alias.equals(other.alias)
            && destination.asString().equals(other.destination.asString()) && reason.equals(other.reason)
            && cause.equals(other.cause) && since.equals(other.since) && until.equals(other.until)
            && journeyId.equals(other.journeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, domain, alias, destination.asString(), reason, cause, since, until, journeyId);
    }

    /** Without the destination: addresses stay out of logs. */
    @Override
    public String toString() {
        return "Suppression{" + id + " of " + domain + " alias " + alias + ", " + cause + ", " + since + " .. " + until + "}";
    }
}
