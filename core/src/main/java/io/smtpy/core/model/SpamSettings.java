package io.smtpy.core.model;

import java.util.Objects;

/**
 * A domain's spam policy: scored or not, the score from which mail is marked ({@code tagThreshold}: an
 * {@code X-Spam-Flag: YES} field on its copies) and the score from which {@code action} applies ({@code threshold}).
 * Default: scored, tagged from 5, quarantined from 10 (SpamAssassin's own "required" is 5).
 */
public final class SpamSettings {
    /** Scores are SpamAssassin's: GTUBE scores 1000, so thresholds beyond that would never act. */
    public static final double MAX_THRESHOLD = 1000;
    public static final SpamSettings DEFAULT = new SpamSettings(true, 5.0, 10.0, ScanAction.QUARANTINE);

    private final boolean enabled;
    private final double tagThreshold;
    private final double threshold;
    private final ScanAction action;

    /**
     * @throws IllegalArgumentException when a threshold is not a finite number between -{@value #MAX_THRESHOLD} and
     *                                  {@value #MAX_THRESHOLD}, or the tag threshold is above the acting one
     */
    public SpamSettings(boolean enabled, double tagThreshold, double threshold, ScanAction action) {
        checkThreshold("tagThreshold", tagThreshold);
        checkThreshold("threshold", threshold);
        if (tagThreshold > threshold) {
            throw new IllegalArgumentException("tagThreshold (" + tagThreshold + ") must not be above threshold (" + threshold + ")");
        }
        this.enabled = enabled;
        this.tagThreshold = tagThreshold;
        this.threshold = threshold;
        this.action = Objects.requireNonNull(action, "action");
    }

    private static void checkThreshold(String field, double value) {
        if (!Double.isFinite(value) || Math.abs(value) > MAX_THRESHOLD) {
            throw new IllegalArgumentException(field + " must be a number between -" + (int) MAX_THRESHOLD + " and "
                + (int) MAX_THRESHOLD + ", not " + value);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public double tagThreshold() {
        return tagThreshold;
    }

    /** The score from which {@link #action()} applies. */
    public double threshold() {
        return threshold;
    }

    public ScanAction action() {
        return action;
    }

    public SpamSettings withEnabled(boolean enabled) {
        return new SpamSettings(enabled, tagThreshold, threshold, action);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpamSettings)) {
            return false;
        }
        SpamSettings other = (SpamSettings) o;
        return enabled == other.enabled && tagThreshold == other.tagThreshold && threshold == other.threshold && action == other.action;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, tagThreshold, threshold, action);
    }

    @Override
    public String toString() {
        return enabled ? "spam: tag from " + tagThreshold + ", " + action.asString() + " from " + threshold : "spam: not scored";
    }
}
