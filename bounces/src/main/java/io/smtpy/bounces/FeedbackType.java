package io.smtpy.bounces;

import java.util.Locale;

/** A complaint's {@code Feedback-Type} (RFC 5965 section 7.3, and RFC 6591's {@code auth-failure}). */
public enum FeedbackType {
    ABUSE,
    FRAUD,
    VIRUS,
    OTHER,
    NOT_SPAM,
    AUTH_FAILURE,
    /** A type this version does not know; the report's text is kept in {@link FeedbackReport#feedbackTypeText()}. */
    UNKNOWN;

    static FeedbackType of(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "abuse":
                return ABUSE;
            case "fraud":
                return FRAUD;
            case "virus":
                return VIRUS;
            case "other":
                return OTHER;
            case "not-spam":
                return NOT_SPAM;
            case "auth-failure":
                return AUTH_FAILURE;
            default:
                return UNKNOWN;
        }
    }
}
