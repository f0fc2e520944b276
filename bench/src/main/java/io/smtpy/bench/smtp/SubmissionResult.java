package io.smtpy.bench.smtp;

/**
 * What one submission window measured: the delivery side as any load run ({@link #load()}: msg/s at the sink, accepted/s,
 * CPU per mail, end of DATA to arrival), and the client side: the submission latency of each message accepted in the
 * window and the setup (connect to AUTH's 235) of each connection authenticated in it, in milliseconds.
 */
public final class SubmissionResult {
    private final LoadResult load;
    private final long[] submissions;
    private final long[] setups;
    private final String session;

    SubmissionResult(LoadResult load, long[] submissions, long[] setups, String session) {
        this.load = load;
        this.submissions = submissions;
        this.setups = setups;
        this.session = session;
    }

    public LoadResult load() {
        return load;
    }

    /** A percentile of the submission latency (start of the message's work to its 250), ms; NaN without samples. */
    public double submissionMillis(double percentile) {
        return LoadResult.percentileMillis(submissions, percentile);
    }

    /** A percentile of the connection setup (connect to the 235 of AUTH), ms; NaN without samples. */
    public double setupMillis(double percentile) {
        return LoadResult.percentileMillis(setups, percentile);
    }

    /** Connections authenticated in the window. */
    public int connections() {
        return setups.length;
    }

    /** The TLS protocol and cipher suite of the window's first connection. */
    public String session() {
        return session;
    }
}
