package io.smtpy.rules.mailpath;

/** Which scanners a received mail needs, from its recipients' domains and the senders they allow. */
public final class ScanNeeds {
    public static final ScanNeeds NONE = new ScanNeeds(false, false);

    private final boolean spam;
    private final boolean virus;

    public ScanNeeds(boolean spam, boolean virus) {
        this.spam = spam;
        this.virus = virus;
    }

    /** Some recipient's domain scores spam, and the sender is not allow-listed for that recipient. */
    public boolean spam() {
        return spam;
    }

    /** Some recipient's domain scans for viruses. */
    public boolean virus() {
        return virus;
    }

    public boolean any() {
        return spam || virus;
    }

    @Override
    public String toString() {
        return "spam " + (spam ? "scored" : "not scored") + ", virus " + (virus ? "scanned" : "not scanned");
    }
}
