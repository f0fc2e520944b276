package io.smtpy.sending;

/** Mail attributes the submission server's hooks leave for the pipeline (Strings, which cross the durable queue). */
public final class SubmissionAttributes {
    /**
     * Why a submitted mail is to be held for the owner's review rather than sent (the outbound spam check's score over
     * its threshold); absent when it may be sent.
     */
    public static final String HELD = "io.smtpy.submission.held";

    private SubmissionAttributes() {
    }
}
