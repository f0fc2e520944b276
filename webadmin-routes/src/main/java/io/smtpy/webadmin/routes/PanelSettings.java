package io.smtpy.webadmin.routes;

/**
 * The operator's panel settings, from {@code smtpy.properties}: {@code panel.enabled} (default {@code true}; off, every
 * panel path is a 404) and {@code panel.atRoot} (default {@code false}; on, {@code GET /} redirects to the panel).
 */
public final class PanelSettings {
    public static final PanelSettings DEFAULT = new PanelSettings(true, false);

    private final boolean enabled;
    private final boolean atRoot;

    public PanelSettings(boolean enabled, boolean atRoot) {
        this.enabled = enabled;
        this.atRoot = atRoot;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether {@code GET /} redirects to {@code /smtpy/panel/} (only while the panel is enabled). */
    public boolean atRoot() {
        return enabled && atRoot;
    }

    @Override
    public String toString() {
        return "panel.enabled=" + enabled + ", panel.atRoot=" + atRoot;
    }
}
