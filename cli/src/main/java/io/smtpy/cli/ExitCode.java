package io.smtpy.cli;

/** The exit codes of the CLI, which scripts rely on: keep them stable. */
public enum ExitCode {
    OK(0),
    /** The server answered, and refused (a 4xx other than 401/403, or a 5xx), or a check it ran failed. */
    REFUSED(1),
    /** The command line is wrong (unknown command, missing argument, bad option value), or a local file is unusable. */
    USAGE(2),
    /** No answer from the server: connection refused, unknown host, timeout. */
    UNREACHABLE(3),
    /** The server did not accept the credentials (401) or they do not allow the call (403). */
    AUTHENTICATION(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
