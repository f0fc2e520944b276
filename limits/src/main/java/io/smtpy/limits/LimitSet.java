package io.smtpy.limits;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.InvalidFieldException;

/**
 * The limits of one subject in one direction: a value per metric it limits (at least one), what mail over any of
 * them gets ({@link LimitAction}), and whether the domain's owners are told ({@code notify}: one alert per limit
 * and window in which it refused mail).
 */
public final class LimitSet {
    /** The order of {@link LimitSettingsRepository#list}: scope (domain, alias, credential), key, direction. */
    public static final Comparator<LimitSet> ORDER = Comparator.<LimitSet, LimitScope>comparing(set -> set.subject().scope())
        .thenComparing(set -> set.subject().key())
        .thenComparing(LimitSet::direction);

    private final LimitSubject subject;
    private final LimitDirection direction;
    private final Map<LimitMetric, Long> limits;
    private final LimitAction action;
    private final boolean notify;

    private LimitSet(LimitSubject subject, LimitDirection direction, Map<LimitMetric, Long> limits, LimitAction action,
                     boolean notify) {
        this.subject = Objects.requireNonNull(subject);
        this.direction = Objects.requireNonNull(direction);
        this.limits = Collections.unmodifiableMap(new EnumMap<>(limits));
        this.action = Objects.requireNonNull(action);
        this.notify = notify;
    }

    /**
     * @throws InvalidFieldException naming the field: no limit at all, a value below 1 or above the metric's
     *         {@link LimitMetric#max()}, or {@code perRecipientDomainPerHour} on an inbound set
     */
    public static LimitSet of(LimitSubject subject, LimitDirection direction, Map<LimitMetric, Long> limits,
                              LimitAction action, boolean notify) {
        if (limits.isEmpty()) {
            throw new InvalidFieldException("limits", "a limit set needs at least one of messagesPerHour, messagesPerDay,"
                + " recipientsPerMessage, bytesPerDay" + (direction == LimitDirection.OUTBOUND ? ", perRecipientDomainPerHour" : ""));
        }
        limits.forEach((metric, value) -> {
            if (metric.outboundOnly() && direction != LimitDirection.OUTBOUND) {
                throw new InvalidFieldException(metric.field(), "'" + metric.field() + "' is an outbound limit only");
            }
            if (value == null || value < 1 || value > metric.max()) {
                throw new InvalidFieldException(metric.field(), "'" + metric.field() + "' must be an integer from 1 to " + metric.max());
            }
        });
        return new LimitSet(subject, direction, limits, action, notify);
    }

    public LimitSubject subject() {
        return subject;
    }

    public LimitDirection direction() {
        return direction;
    }

    /** The metrics limited, in {@link LimitMetric} order. */
    public Map<LimitMetric, Long> limits() {
        return limits;
    }

    public Optional<Long> limit(LimitMetric metric) {
        return Optional.ofNullable(limits.get(metric));
    }

    public LimitAction action() {
        return action;
    }

    public boolean notifyOwners() {
        return notify;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LimitSet)) {
            return false;
        }
        LimitSet other = (LimitSet) o;
        return subject.equals(other.subject) && direction == other.direction && limits.equals(other.limits)
            && action == other.action && notify == other.notify;
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, direction, limits, action, notify);
    }

    @Override
    public String toString() {
        return subject + " " + direction.asString() + " " + limits + " " + action.asString() + (notify ? " notify" : "");
    }
}
