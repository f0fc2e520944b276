package io.smtpy.auth.inbound;

/**
 * The names of the mail attributes the SMTP hook puts on an inbound mail after checking it, so that the pipeline
 * (and the rules of later work) can test verdicts without checking again. Values are strings: the lower-case
 * tokens of {@link io.smtpy.auth.AuthStatus}, policy names, or the results text.
 */
public final class AuthenticationAttributes {
    /** Every name below starts with it. */
    public static final String PREFIX = "io.smtpy.auth.";
    /** The results after the authserv-id, as in the Authentication-Results header smtpy adds. */
    public static final String RESULTS = "io.smtpy.auth.results";
    public static final String SPF = "io.smtpy.auth.spf";
    /** {@code pass} when any signature passed, else the first signature's result, {@code none} without signatures. */
    public static final String DKIM = "io.smtpy.auth.dkim";
    public static final String DMARC = "io.smtpy.auth.dmarc";
    /** The policy the author domain asks for ({@code none}, {@code quarantine}, {@code reject}), when it has one. */
    public static final String DMARC_POLICY = "io.smtpy.auth.dmarc.policy";
    /** What the sender's policy means for this mail after {@code pct}: {@code none}, {@code quarantine}, {@code reject}. */
    public static final String DMARC_DISPOSITION = "io.smtpy.auth.dmarc.disposition";
    /** The ARC chain the mail arrived with: {@code none}, {@code pass}, {@code fail}. */
    public static final String ARC = "io.smtpy.auth.arc";
    /** The same chain result in the form {@code ArcChainResult.summary()} writes, for the ARC sealer. */
    public static final String ARC_CHAIN = "io.smtpy.auth.arc.chain";

    private AuthenticationAttributes() {
    }
}
