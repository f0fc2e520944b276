package io.smtpy.core.model;

/**
 * Bounds on what one domain or alias may hold, from configuration. Every write is checked against them, so
 * that a single owner cannot make resolution or storage unboundedly expensive.
 */
public final class Limits {
    public static final Limits DEFAULT = new Limits(100, 20, 500, 100, 100);

    private final int maxDestinations;
    private final int maxTags;
    private final int maxDescriptionLength;
    private final int maxRegexAliases;
    private final int maxCatchAllExceptions;

    public Limits(int maxDestinations, int maxTags, int maxDescriptionLength, int maxRegexAliases, int maxCatchAllExceptions) {
        this.maxDestinations = positive("maxDestinations", maxDestinations);
        this.maxTags = positive("maxTags", maxTags);
        this.maxDescriptionLength = positive("maxDescriptionLength", maxDescriptionLength);
        this.maxRegexAliases = positive("maxRegexAliases", maxRegexAliases);
        this.maxCatchAllExceptions = positive("maxCatchAllExceptions", maxCatchAllExceptions);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    public Limits withMaxDestinations(int value) {
        return new Limits(value, maxTags, maxDescriptionLength, maxRegexAliases, maxCatchAllExceptions);
    }

    public int maxDestinations() {
        return maxDestinations;
    }

    public int maxTags() {
        return maxTags;
    }

    public int maxDescriptionLength() {
        return maxDescriptionLength;
    }

    public int maxRegexAliases() {
        return maxRegexAliases;
    }

    public int maxCatchAllExceptions() {
        return maxCatchAllExceptions;
    }
}
