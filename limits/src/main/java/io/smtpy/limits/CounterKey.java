package io.smtpy.limits;

import java.util.Objects;
import java.util.Optional;

/** One counter: a subject's metric in one direction, and for {@code perRecipientDomainPerHour} the recipient domain. */
public final class CounterKey {
    private final LimitSubject subject;
    private final LimitDirection direction;
    private final LimitMetric metric;
    private final String recipientDomain;

    private CounterKey(LimitSubject subject, LimitDirection direction, LimitMetric metric, String recipientDomain) {
        this.subject = Objects.requireNonNull(subject);
        this.direction = Objects.requireNonNull(direction);
        this.metric = Objects.requireNonNull(metric);
        this.recipientDomain = Objects.requireNonNull(recipientDomain);
    }

    public static CounterKey of(LimitSubject subject, LimitDirection direction, LimitMetric metric) {
        return new CounterKey(subject, direction, metric, "");
    }

    public static CounterKey toRecipientDomain(LimitSubject subject, String recipientDomain) {
        return new CounterKey(subject, LimitDirection.OUTBOUND, LimitMetric.PER_RECIPIENT_DOMAIN_PER_HOUR, recipientDomain);
    }

    public LimitSubject subject() {
        return subject;
    }

    public LimitDirection direction() {
        return direction;
    }

    public LimitMetric metric() {
        return metric;
    }

    public Optional<String> recipientDomain() {
        return recipientDomain.isEmpty() ? Optional.empty() : Optional.of(recipientDomain);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CounterKey)) {
            return false;
        }
        CounterKey other = (CounterKey) o;
        return subject.equals(other.subject) && direction == other.direction && metric == other.metric
            && recipientDomain.equals(other.recipientDomain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, direction, metric, recipientDomain);
    }

    @Override
    public String toString() {
        return direction.asString() + " " + metric.field() + " of " + subject.describe()
            + (recipientDomain.isEmpty() ? "" : " to " + recipientDomain);
    }
}
