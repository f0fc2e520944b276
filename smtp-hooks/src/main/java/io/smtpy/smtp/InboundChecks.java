package io.smtpy.smtp;

/**
 * Whether {@link SmtpyAuthenticationHook} checks inbound mail at all ({@code auth.inboundChecks} in smtpy.properties,
 * default on). Off, mail flows on without SPF, DKIM, DMARC or ARC checks: no verdicts, so no
 * {@code Authentication-Results} on forwarded copies, no ARC set, no DMARC enforcement.
 */
public final class InboundChecks {
    public static final InboundChecks ON = new InboundChecks(true);
    public static final InboundChecks OFF = new InboundChecks(false);

    private final boolean enabled;

    private InboundChecks(boolean enabled) {
        this.enabled = enabled;
    }

    public static InboundChecks of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return enabled ? "inbound checks on" : "inbound checks off";
    }
}
