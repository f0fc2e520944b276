package io.smtpy.suppression;

import java.util.Locale;
import java.util.Objects;

import io.smtpy.bounces.BounceClass;
import io.smtpy.bounces.FeedbackType;

/**
 * Why a destination was suppressed: a permanent failure of a given bounce class, a complaint of a given feedback type,
 * or an owner's hand. Spelt {@code bounce:no-such-user}, {@code complaint:abuse}, {@code manual} in the API and storage.
 */
public final class SuppressionCause {
    public enum Kind {
        BOUNCE,
        COMPLAINT,
        MANUAL
    }

    public static final SuppressionCause MANUAL = new SuppressionCause(Kind.MANUAL, "");

    private final Kind kind;
    private final String detail;

    private SuppressionCause(Kind kind, String detail) {
        this.kind = kind;
        this.detail = detail;
    }

    public static SuppressionCause bounce(BounceClass cls) {
        return new SuppressionCause(Kind.BOUNCE, spelt(cls.name()));
    }

    public static SuppressionCause complaint(FeedbackType type) {
        return new SuppressionCause(Kind.COMPLAINT, spelt(type.name()));
    }

    private static String spelt(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for a text {@link #asString()} never wrote */
    public static SuppressionCause parse(String value) {
        String text = Objects.requireNonNull(value, "cause").trim().toLowerCase(Locale.ROOT);
        if (text.equals("manual")) {
            return MANUAL;
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            String detail = text.substring(colon + 1);
            switch (text.substring(0, colon)) {
                case "bounce":
                    return new SuppressionCause(Kind.BOUNCE, detail);
                case "complaint":
                    return new SuppressionCause(Kind.COMPLAINT, detail);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a suppression cause (bounce:<class>, complaint:<type> or manual)");
    }

    public Kind kind() {
        return kind;
    }

    /** The bounce class or feedback type, as the API spells them; empty for {@link Kind#MANUAL}. */
    public String detail() {
        return detail;
    }

    public String asString() {
        return kind == Kind.MANUAL ? "manual" : kind.name().toLowerCase(Locale.ROOT) + ":" + detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuppressionCause && ((SuppressionCause) o).kind == kind && ((SuppressionCause) o).detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, detail);
    }

    @Override
    public String toString() {
        return asString();
    }
}
