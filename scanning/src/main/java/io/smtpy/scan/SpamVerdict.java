package io.smtpy.scan;

import java.util.List;
import java.util.Objects;

import com.google.common.collect.ImmutableList;

/** What SpamAssassin said of a message: its score and the rules (symbols) that hit, or why it was not scored. */
public final class SpamVerdict {
    public enum State {
        /** spamd scored the message. */
        SCANNED,
        /** Not asked: spam scanning off, no scanner configured, the sender allow-listed, or the message too large to score. */
        SKIPPED,
        /** spamd could not be reached or gave no usable answer in time. */
        UNAVAILABLE
    }

    public static final SpamVerdict NOT_ASKED = skipped("not asked");

    private final State state;
    private final double score;
    private final double required;
    private final List<String> symbols;
    private final String detail;

    private SpamVerdict(State state, double score, double required, List<String> symbols, String detail) {
        this.state = state;
        this.score = score;
        this.required = required;
        this.symbols = ImmutableList.copyOf(symbols);
        this.detail = Objects.requireNonNull(detail);
    }

    public static SpamVerdict scanned(double score, double required, List<String> symbols) {
        return new SpamVerdict(State.SCANNED, score, required, symbols, "");
    }

    public static SpamVerdict skipped(String why) {
        return new SpamVerdict(State.SKIPPED, 0, 0, List.of(), why);
    }

    public static SpamVerdict unavailable(String why) {
        return new SpamVerdict(State.UNAVAILABLE, 0, 0, List.of(), why);
    }

    public State state() {
        return state;
    }

    public boolean scanned() {
        return state == State.SCANNED;
    }

    /** SpamAssassin's score (0 unless scanned). */
    public double score() {
        return score;
    }

    /** spamd's own "required" score, for the record; smtpy acts on the domain's thresholds. */
    public double required() {
        return required;
    }

    public List<String> symbols() {
        return symbols;
    }

    /** Why it was skipped or unavailable ("" when scanned). */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpamVerdict)) {
            return false;
        }
        SpamVerdict other = (SpamVerdict) o;
        return state == other.state && score == other.score && required == other.required && symbols.equals(other.symbols)
            && detail.equals(other.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, score, required, symbols, detail);
    }

    @Override
    public String toString() {
        return scanned() ? "spam score " + ScanFields.score(score) + (symbols.isEmpty() ? "" : " (" + String.join(",", symbols) + ")")
            : "spam " + state.name().toLowerCase(java.util.Locale.ROOT) + " (" + detail + ")";
    }
}
