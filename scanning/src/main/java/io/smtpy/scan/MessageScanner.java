package io.smtpy.scan;

/**
 * Scans a message for spam and viruses (SpamAssassin's spamd and ClamAV's clamd in production). Called at the end of
 * DATA for every message to an smtpy domain, and for mail owners submit: it must answer in bounded time whatever the
 * daemons do, so it never throws; a scanner that cannot answer gives an {@code UNAVAILABLE} verdict and
 * {@link ScanPolicy} decides what that means.
 */
public interface MessageScanner {
    /**
     * @param message the whole message as received (header and body)
     * @param spam    whether to score it for spam ({@code false}: {@link SpamVerdict#NOT_ASKED})
     * @param virus   whether to scan it for viruses ({@code false}: {@link VirusVerdict#NOT_ASKED})
     */
    ScanVerdict scan(byte[] message, boolean spam, boolean virus);

    /** Whether a spam scanner is configured at all (no {@code spamd.address}: never scored). */
    boolean scoresSpam();

    /** Whether a virus scanner is configured at all (no {@code clamd.address}: never scanned). */
    boolean scansViruses();

    /** Scans nothing: the installation has no scanner configured. */
    MessageScanner NONE = new MessageScanner() {
        @Override
        public ScanVerdict scan(byte[] message, boolean spam, boolean virus) {
            return ScanVerdict.NOT_SCANNED;
        }

        @Override
        public boolean scoresSpam() {
            return false;
        }

        @Override
        public boolean scansViruses() {
            return false;
        }
    };
}
