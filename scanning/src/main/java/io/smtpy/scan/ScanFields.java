package io.smtpy.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.smtpy.core.mailpath.HeaderField;

/** The header fields that carry a scan's verdicts on forwarded copies, named as SpamAssassin names its own. */
public final class ScanFields {
    public static final String SCORE = "X-Spam-Score";
    public static final String STATUS = "X-Spam-Status";
    public static final String FLAG = "X-Spam-Flag";
    public static final String VIRUS_SCANNED = "X-Virus-Scanned";
    public static final String UNSCANNED = "X-Smtpy-Unscanned";
    /** Symbols beyond this many are summarised: a field stays readable and bounded. */
    private static final int MAX_SYMBOLS = 40;

    private ScanFields() {
    }

    static List<HeaderField> of(ScanVerdict verdict, double tagThreshold, boolean spamWanted, boolean virusWanted) {
        List<HeaderField> fields = new ArrayList<>();
        SpamVerdict spam = verdict.spam();
        if (spamWanted && spam.scanned()) {
            boolean tagged = spam.score() >= tagThreshold;
            fields.add(new HeaderField(SCORE, score(spam.score())));
            fields.add(new HeaderField(STATUS, (tagged ? "Yes" : "No") + ", score=" + score(spam.score()) + " tag=" + score(tagThreshold)
                + " tests=" + symbols(spam.symbols())));
            if (tagged) {
                fields.add(new HeaderField(FLAG, "YES"));
            }
        }
        if (virusWanted && verdict.virus().state() == VirusVerdict.State.CLEAN) {
            fields.add(new HeaderField(VIRUS_SCANNED, "clean (ClamAV via smtpy)"));
        }
        List<String> unscanned = new ArrayList<>();
        if (spamWanted && spam.state() == SpamVerdict.State.UNAVAILABLE) {
            unscanned.add("spam (" + spam.detail() + ")");
        }
        if (virusWanted && verdict.virus().state() == VirusVerdict.State.UNAVAILABLE) {
            unscanned.add("virus (" + verdict.virus().detail() + ")");
        }
        if (!unscanned.isEmpty()) {
            fields.add(new HeaderField(UNSCANNED, String.join(", ", unscanned)));
        }
        return fields;
    }

    /** A score as SpamAssassin writes it: one decimal. */
    public static String score(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }

    private static String symbols(List<String> symbols) {
        if (symbols.isEmpty()) {
            return "none";
        }
        if (symbols.size() <= MAX_SYMBOLS) {
            return String.join(",", symbols);
        }
        return String.join(",", symbols.subList(0, MAX_SYMBOLS)) + ",+" + (symbols.size() - MAX_SYMBOLS) + " more";
    }
}
