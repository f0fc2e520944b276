package io.smtpy.scan.daemon;

/**
 * A scanning daemon gave no usable answer: it could not be reached, did not answer in time, was busy, or answered
 * something that is not its protocol. The message is short and meant for operators and mail fields
 * ({@code connection refused}, {@code no answer within 15 s}).
 */
public final class DaemonException extends Exception {
    private static final long serialVersionUID = 1L;

    public DaemonException(String detail) {
        super(detail);
    }

    public DaemonException(String detail, Throwable cause) {
        super(detail, cause);
    }

    public String detail() {
        return getMessage();
    }

    /** An answer that is not the daemon's protocol: malformed, truncated, or unexpected. */
    public static DaemonException protocol(String what) {
        return new DaemonException("protocol error: " + what);
    }

    /** Text from a daemon as it may appear in a detail: printable ASCII, at most 80 characters. */
    public static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
