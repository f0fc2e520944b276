package io.smtpy.core.model;

import java.util.Objects;

/** A domain's virus policy: scanned or not, and what happens to infected mail (refused before 250 by default). */
public final class VirusSettings {
    public static final VirusSettings DEFAULT = new VirusSettings(true, ScanAction.REJECT);

    private final boolean enabled;
    private final ScanAction action;

    /** @throws IllegalArgumentException for {@code tag}: infected mail is never delivered */
    public VirusSettings(boolean enabled, ScanAction action) {
        if (Objects.requireNonNull(action, "action") == ScanAction.TAG) {
            throw new IllegalArgumentException("infected mail is not delivered: action must be reject, quarantine or drop");
        }
        this.enabled = enabled;
        this.action = action;
    }

    public boolean enabled() {
        return enabled;
    }

    public ScanAction action() {
        return action;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirusSettings && ((VirusSettings) o).enabled == enabled && ((VirusSettings) o).action == action;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, action);
    }

    @Override
    public String toString() {
        return enabled ? "virus: " + action.asString() : "virus: not scanned";
    }
}
