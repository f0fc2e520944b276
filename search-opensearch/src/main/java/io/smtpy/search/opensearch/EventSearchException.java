package io.smtpy.search.opensearch;

/** OpenSearch did not answer, or answered with an error: the call and, when there was one, the HTTP status. */
public class EventSearchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public EventSearchException(String message) {
        this(message, 0, null);
    }

    public EventSearchException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public EventSearchException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status OpenSearch answered with; 0 when it did not answer. */
    public int status() {
        return status;
    }
}
