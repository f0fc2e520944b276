package io.smtpy.scan;

import java.util.Objects;
import java.util.Optional;

/** What ClamAV said of a message: clean, infected (and by what), or why it was not scanned. */
public final class VirusVerdict {
    public enum State {
        CLEAN,
        INFECTED,
        /** Not asked: virus scanning off or no scanner configured. */
        SKIPPED,
        /** clamd could not be reached, refused the message (too large for it) or gave no usable answer in time. */
        UNAVAILABLE
    }

    public static final VirusVerdict NOT_ASKED = skipped("not asked");
    public static final VirusVerdict CLEAN = new VirusVerdict(State.CLEAN, Optional.empty(), "");

    private final State state;
    private final Optional<String> name;
    private final String detail;

    private VirusVerdict(State state, Optional<String> name, String detail) {
        this.state = state;
        this.name = name;
        this.detail = Objects.requireNonNull(detail);
    }

    /** @param name the signature's name as clamd reports it ({@code Eicar-Test-Signature.UNOFFICIAL}) */
    public static VirusVerdict infected(String name) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("an infected verdict names the signature");
        }
        return new VirusVerdict(State.INFECTED, Optional.of(name), "");
    }

    public static VirusVerdict skipped(String why) {
        return new VirusVerdict(State.SKIPPED, Optional.empty(), why);
    }

    public static VirusVerdict unavailable(String why) {
        return new VirusVerdict(State.UNAVAILABLE, Optional.empty(), why);
    }

    public State state() {
        return state;
    }

    public boolean infected() {
        return state == State.INFECTED;
    }

    /** The signature that matched, when infected. */
    public Optional<String> name() {
        return name;
    }

    /** Why it was skipped or unavailable ("" otherwise). */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VirusVerdict)) {
            return false;
        }
        VirusVerdict other = (VirusVerdict) o;
        return state == other.state && name.equals(other.name) && detail.equals(other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, name, detail);
    }

    @Override
    public String toString() {
        switch (state) {
            case INFECTED:
                return "virus " + name.get();
            case CLEAN:
                return "virus clean";
            default:
                return "virus " + state.name().toLowerCase(java.util.Locale.ROOT) + " (" + detail + ")";
        }
    }
}
