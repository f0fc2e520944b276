package io.smtpy.sending.tracking;

import java.util.Objects;

/**
 * A domain's open and click tracking: whether mail its owners submit through smtpy gets a tracking pixel
 * ({@code opens}) and links that pass through smtpy ({@code clicks}). Both off unless the owner turns them on; mail
 * smtpy forwards is never tracked, whatever this says.
 */
public final class TrackingSettings {
    public static final TrackingSettings OFF = new TrackingSettings(false, false);

    private final boolean opens;
    private final boolean clicks;

    private TrackingSettings(boolean opens, boolean clicks) {
        this.opens = opens;
        this.clicks = clicks;
    }

    public static TrackingSettings of(boolean opens, boolean clicks) {
        return opens || clicks ? new TrackingSettings(opens, clicks) : OFF;
    }

    public boolean opens() {
        return opens;
    }

    public boolean clicks() {
        return clicks;
    }

    /** Whether anything is tracked. */
    public boolean any() {
        return opens || clicks;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrackingSettings)) {
            return false;
        }
        TrackingSettings other = (TrackingSettings) o;
        return opens == other.opens && clicks == other.clicks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(opens, clicks);
    }

    @Override
    public String toString() {
        return "TrackingSettings{opens=" + opens + ", clicks=" + clicks + "}";
    }
}
