package io.smtpy.rules;

import java.util.Locale;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The authentication results the {@code spf}, {@code dkim}, {@code dmarc} and {@code arc} conditions read, as
 * verdict tokens ({@code pass}, {@code fail}, {@code softfail}, {@code neutral}, {@code none}, {@code temperror},
 * {@code permerror}); a method without a result reads as {@code none}. And the scanners' verdicts the
 * {@code spamScore} and {@code virus} conditions read: the spam score when the message was scored, the signature's name
 * when it is infected.
 */
public final class Verdicts {
    /** The verdict tokens a condition may test. */
    public static final Set<String> TOKENS = Set.of("pass", "fail", "softfail", "neutral", "none", "temperror", "permerror");
    /** The methods, as condition fields. */
    public static final Set<String> METHODS = Set.of("spf", "dkim", "dmarc", "arc");
    private static final Verdicts NONE = new Verdicts("none", "none", "none", "none", Optional.empty(), Optional.empty());

    private final String spf;
    private final String dkim;
    private final String dmarc;
    private final String arc;
    private final Optional<Double> spamScore;
    private final Optional<String> virus;

    private Verdicts(String spf, String dkim, String dmarc, String arc, Optional<Double> spamScore, Optional<String> virus) {
        this.spf = spf;
        this.dkim = dkim;
        this.dmarc = dmarc;
        this.arc = arc;
        this.spamScore = spamScore;
        this.virus = virus;
    }

    /** These verdicts with the scanners' too: the spam score when scored, the virus's name when infected. */
    public Verdicts withScan(Optional<Double> spamScore, Optional<String> virus) {
        return new Verdicts(spf, dkim, dmarc, arc, Objects.requireNonNull(spamScore), Objects.requireNonNull(virus));
    }

    /** SpamAssassin's score, when the message was scored. */
    public Optional<Double> spamScore() {
        return spamScore;
    }

    /** The virus found in the message, when one was. */
    public Optional<String> virus() {
        return virus;
    }

    /**
     * @param byMethod tokens by method name ({@code spf}, {@code dkim}, {@code dmarc}, {@code arc}, any case);
     *                 other keys are ignored, a value that is not a token reads as {@code none}
     */
    public static Verdicts of(Map<String, String> byMethod) {
        String spf = "none";
        String dkim = "none";
        String dmarc = "none";
        String arc = "none";
        for (Map.Entry<String, String> entry : byMethod.entrySet()) {
            String token = token(entry.getValue());
            switch (entry.getKey().toLowerCase(Locale.ROOT)) {
                case "spf":
                    spf = token;
                    break;
                case "dkim":
                    dkim = token;
                    break;
                case "dmarc":
                    dmarc = token;
                    break;
                case "arc":
                    arc = token;
                    break;
                default:
                    break;
            }
        }
        return new Verdicts(spf, dkim, dmarc, arc, Optional.empty(), Optional.empty());
    }

    /**
     * Reads each method's token through {@code lookup} (given {@code spf}, {@code dkim}, {@code dmarc}, {@code arc}):
     * how the mail path reads the verdicts its SMTP hook left in mail attributes. None when no method has one.
     */
    public static Verdicts read(java.util.function.Function<String, Optional<String>> lookup) {
        Map<String, String> byMethod = new java.util.LinkedHashMap<>();
        for (String method : List.of("spf", "dkim", "dmarc", "arc")) {
            lookup.apply(method).ifPresent(token -> byMethod.put(method, token));
        }
        return byMethod.isEmpty() ? NONE : of(byMethod);
    }

    public static Verdicts none() {
        return NONE;
    }

    private static String token(String value) {
        String lower = value == null ? "none" : value.trim().toLowerCase(Locale.ROOT);
        return TOKENS.contains(lower) ? lower : "none";
    }

    /** The token of {@code method} ({@code spf}, {@code dkim}, {@code dmarc}, {@code arc}). */
    public String of(String method) {
        switch (method) {
            case "spf":
                return spf;
            case "dkim":
                return dkim;
            case "dmarc":
                return dmarc;
            case "arc":
                return arc;
            default:
                throw new IllegalArgumentException("no verdict for " + method);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdicts)) {
            return false;
        }
        Verdicts other = (Verdicts) o;
        return spf.equals(other.spf) && dkim.equals(other.dkim) && dmarc.equals(other.dmarc) && arc.equals(other.arc)
            && spamScore.equals(other.spamScore) && virus.equals(other.virus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spf, dkim, dmarc, arc, spamScore, virus);
    }

    @Override
    public String toString() {
        return "spf=" + spf + " dkim=" + dkim + " dmarc=" + dmarc + " arc=" + arc
            + spamScore.map(score -> " spamScore=" + score).orElse("") + virus.map(name -> " virus=" + name).orElse("");
    }
}
