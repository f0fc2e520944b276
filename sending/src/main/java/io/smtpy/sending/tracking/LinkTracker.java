package io.smtpy.sending.tracking;

import java.util.Optional;

/** The tracking URLs of one copy of a mail (one recipient): its pixel's and, per original link, its click link's. */
public interface LinkTracker {
    /** The pixel's URL; empty when opens are not tracked. */
    Optional<String> pixelUrl();

    /**
     * The link to put in place of {@code url} (an http(s) URL as the reader's browser would take it); empty to leave
     * the link as it is (clicks not tracked, or a URL too long for a token).
     */
    Optional<String> clickUrl(String url);
}
