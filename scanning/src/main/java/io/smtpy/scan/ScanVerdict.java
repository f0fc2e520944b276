package io.smtpy.scan;

import java.util.Objects;

/** Both scanners' verdicts on one message, taken once per message whatever the number of recipients. */
public final class ScanVerdict {
    public static final ScanVerdict NOT_SCANNED = new ScanVerdict(SpamVerdict.NOT_ASKED, VirusVerdict.NOT_ASKED);

    private final SpamVerdict spam;
    private final VirusVerdict virus;

    public ScanVerdict(SpamVerdict spam, VirusVerdict virus) {
        this.spam = Objects.requireNonNull(spam);
        this.virus = Objects.requireNonNull(virus);
    }

    public SpamVerdict spam() {
        return spam;
    }

    public VirusVerdict virus() {
        return virus;
    }

    /** Whether either scanner was asked (a verdict, or a failure to get one). */
    public boolean asked() {
        return spam.state() != SpamVerdict.State.SKIPPED || virus.state() != VirusVerdict.State.SKIPPED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScanVerdict && ((ScanVerdict) o).spam.equals(spam) && ((ScanVerdict) o).virus.equals(virus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spam, virus);
    }

    @Override
    public String toString() {
        return spam + "; " + virus;
    }
}
