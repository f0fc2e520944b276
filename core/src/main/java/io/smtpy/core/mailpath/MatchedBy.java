package io.smtpy.core.mailpath;

import java.util.Locale;
import java.util.Optional;

import io.smtpy.core.directory.Resolution;

/** Why smtpy takes mail for a recipient: what the address matched. */
public enum MatchedBy {
    /** An enabled, unexpired alias of that local part. */
    ALIAS,
    /** A regex alias of the domain. */
    REGEX_ALIAS,
    /** The domain's catch-all. */
    CATCH_ALL,
    /** A catch-all exception whose action is drop: accepted, then discarded and recorded. */
    CATCH_ALL_DROP,
    /** The domain's DMARC report address: stored as a report, not forwarded. */
    DMARC_REPORT_ADDRESS,
    /** An SRS address of ours whose hash and age check out: returned mail for the original sender. */
    SRS_RETURN_ADDRESS,
    /** The operator's feedback-loop address ({@link ComplaintsAddress}): complaints taken, not forwarded. */
    COMPLAINTS_ADDRESS;

    /** What a forwarding resolution matched; empty for one that does not forward. */
    public static Optional<MatchedBy> forwarding(Resolution resolution) {
        switch (resolution.outcome()) {
            case EXACT:
                return Optional.of(ALIAS);
            case REGEX:
                return Optional.of(REGEX_ALIAS);
            case CATCH_ALL:
                return Optional.of(CATCH_ALL);
            default:
                return Optional.empty();
        }
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
