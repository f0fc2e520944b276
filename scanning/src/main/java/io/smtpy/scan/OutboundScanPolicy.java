package io.smtpy.scan;

import java.util.Optional;

import io.smtpy.core.smtp.SmtpStatus;

/**
 * The scanners applied to mail that owners submit for sending: a virus or a score at or over the outbound threshold
 * ({@code outbound.spam.threshold}, default 5, stricter than inbound: spam sent from an smtpy domain hurts every
 * customer's reputation) refuses the submission before 250. A scanner that cannot answer follows the same
 * {@link OnFailure} settings as inbound mail.
 */
public final class OutboundScanPolicy {
    public static final double DEFAULT_THRESHOLD = 5.0;
    static final SmtpStatus VIRUS = SmtpStatus.of(550, "5.7.1", "message refused: it contains a virus");
    static final SmtpStatus SPAM = SmtpStatus.of(550, "5.7.1", "message refused: it looks like spam and is not sent");

    private final MessageScanner scanner;
    private final ScanPolicy failures;
    private final double threshold;

    public OutboundScanPolicy(MessageScanner scanner, ScanPolicy failures, double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("outbound.spam.threshold must be a number");
        }
        this.scanner = scanner;
        this.failures = failures;
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** Scans a submitted message; the refusal (or 451 deferral) to answer, empty when it may be sent. */
    public Decision check(byte[] message) {
        ScanVerdict verdict = scanner.scan(message, scanner.scoresSpam(), scanner.scansViruses());
        Optional<SmtpStatus> deferral = failures.deferral(verdict);
        if (deferral.isPresent()) {
            return new Decision(verdict, deferral);
        }
        if (verdict.virus().infected()) {
            return new Decision(verdict, Optional.of(VIRUS));
        }
        if (verdict.spam().scanned() && verdict.spam().score() >= threshold) {
            return new Decision(verdict, Optional.of(SPAM));
        }
        return new Decision(verdict, Optional.empty());
    }

    /** The verdicts and, when the submission is not sent, the answer that says why. */
    public static final class Decision {
        private final ScanVerdict verdict;
        private final Optional<SmtpStatus> refusal;

        Decision(ScanVerdict verdict, Optional<SmtpStatus> refusal) {
            this.verdict = verdict;
            this.refusal = refusal;
        }

        public ScanVerdict verdict() {
            return verdict;
        }

        public Optional<SmtpStatus> refusal() {
            return refusal;
        }

        /**
         * Whether the refusal is for spam alone (a score at or over the threshold; not a virus nor an unavailable
         * scanner): what the submission path may hold for the owner's review instead of refusing.
         */
        public boolean spamOnly() {
            return refusal.filter(SPAM::equals).isPresent();
        }
    }
}
