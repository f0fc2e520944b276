package io.smtpy.sending.tracking;

/** What a tracking link records when it is fetched. */
public enum TrackingKind {
    /** The 1x1 pixel: the mail was displayed with its images. */
    OPEN('o'),
    /** A rewritten link: the recipient followed it (the original URL is in the token). */
    CLICK('c');

    private final char code;

    TrackingKind(char code) {
        this.code = code;
    }

    /** The path segment of its route, {@code /smtpy/t/<code>/<token>}, and its byte in the token. */
    public char code() {
        return code;
    }

    static TrackingKind ofCode(int code) {
        for (TrackingKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no tracking kind " + code);
    }
}
