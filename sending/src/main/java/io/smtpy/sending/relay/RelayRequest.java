package io.smtpy.sending.relay;

import java.util.Objects;
import java.util.Optional;

/**
 * What an owner asks for in {@code PUT /smtpy/domains/{domain}/relay}: {@code host} and {@code port} always; the
 * rest optional ({@code tls} starttls, {@code scope} outbound, {@code enabled} true; a missing {@code password} keeps
 * the stored one when the user name stays the same).
 */
public final class RelayRequest {
    private final String host;
    private final int port;
    private final Optional<String> tls;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<String> scope;
    private final Optional<Boolean> enabled;

    public RelayRequest(String host, int port, Optional<String> tls, Optional<String> username, Optional<String> password,
                        Optional<String> scope, Optional<Boolean> enabled) {
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.tls = Objects.requireNonNull(tls);
        this.username = Objects.requireNonNull(username);
        this.password = Objects.requireNonNull(password);
        this.scope = Objects.requireNonNull(scope);
        this.enabled = Objects.requireNonNull(enabled);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Optional<String> tls() {
        return tls;
    }

    public Optional<String> username() {
        return username;
    }

    public Optional<String> password() {
        return password;
    }

    public Optional<String> scope() {
        return scope;
    }

    public Optional<Boolean> enabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return "RelayRequest[" + host + ":" + port + ", user " + username.orElse("-") + (password.isPresent() ? ", password given" : "") + "]";
    }
}
