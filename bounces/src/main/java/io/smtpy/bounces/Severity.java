package io.smtpy.bounces;

/** Whether a failure is final ({@code 5xx}, {@code 5.x.x}) or may pass on a later try; {@link #NONE} for a robot's reply. */
public enum Severity {
    PERMANENT,
    TEMPORARY,
    /** Not a failure: an auto-reply or a challenge. */
    NONE
}
