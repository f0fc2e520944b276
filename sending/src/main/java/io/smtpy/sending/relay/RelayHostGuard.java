package io.smtpy.sending.relay;

/**
 * Keeps owners' relays out of the server's own networks (server-side request forgery through SMTP): asked before
 * every connection to a relay, by the test endpoint and by delivery. The wiring backs it with the rules module's
 * {@code EndpointGuard} and the operator's {@code relays.allowedNetworks}.
 */
@FunctionalInterface
public interface RelayHostGuard {
    /** @throws RefusedRelayException saying which address is refused and why, or that the host does not resolve */
    void check(String host) throws RefusedRelayException;

    /** Lets every host through: for tests of other things. */
    static RelayHostGuard none() {
        return host -> { };
    }

    /** A relay host the guard refuses. */
    final class RefusedRelayException extends Exception {
        private static final long serialVersionUID = 1L;

        public RefusedRelayException(String message) {
            super(message);
        }
    }
}
