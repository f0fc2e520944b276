package io.smtpy.core.cluster;

import java.util.Optional;

/**
 * Whether the store shared by the nodes answers, as this node last saw it. The node's follower of the change feed
 * marks it at each poll; the RCPT decision refuses new mail for a while ({@code 451 4.3.0}) rather than accept mail it
 * may not be able to account for. A node alone, on its own disk, is always available.
 */
public final class StoreHealth {
    private volatile String problem;

    /** A store that answers until told otherwise. */
    public StoreHealth() {
    }

    public void markUnavailable(String why) {
        problem = why;
    }

    /** @return whether it was unavailable until now (the store came back) */
    public boolean markAvailable() {
        boolean wasUnavailable = problem != null;
        problem = null;
        return wasUnavailable;
    }

    /** Why the store is unavailable; empty while it answers. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
