package io.smtpy.sending.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.smtpy.core.model.DomainName;

/**
 * A domain's outbound relay (smarthost): where its mail goes instead of the recipients' MX, how to speak TLS to it,
 * and the account to AUTH with. The password is kept only sealed under the server's master key
 * ({@code SecretSeal}, bound to the domain), so a copy of the database does not give it away; {@link #toString()}
 * never shows it, sealed or not.
 */
public final class DomainRelay {
    private final DomainName domain;
    private final String host;
    private final int port;
    private final RelayTls tls;
    private final Optional<String> username;
    private final Optional<String> sealedPassword;
    private final RelayScope scope;
    private final boolean enabled;
    private final Instant updatedAt;

    public DomainRelay(DomainName domain, String host, int port, RelayTls tls, Optional<String> username,
                       Optional<String> sealedPassword, RelayScope scope, boolean enabled, Instant updatedAt) {
        this.domain = Objects.requireNonNull(domain);
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.tls = Objects.requireNonNull(tls);
        this.username = Objects.requireNonNull(username);
        this.sealedPassword = Objects.requireNonNull(sealedPassword);
        this.scope = Objects.requireNonNull(scope);
        this.enabled = enabled;
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    public DomainName domain() {
        return domain;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public RelayTls tls() {
        return tls;
    }

    public Optional<String> username() {
        return username;
    }

    /** The password as the master key sealed it; {@link DomainRelays#password} opens it. */
    public Optional<String> sealedPassword() {
        return sealedPassword;
    }

    public boolean hasPassword() {
        return sealedPassword.isPresent();
    }

    public RelayScope scope() {
        return scope;
    }

    public boolean enabled() {
        return enabled;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Whether a copy of the domain's mail goes through this relay: it is enabled and its scope covers the copy. */
    public boolean carries(boolean submitted) {
        return enabled && scope.covers(submitted);
    }

    /** {@code host:port}, as events and logs name the relay. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DomainRelay)) {
            return false;
        }
        DomainRelay that = (DomainRelay) other;
        return domain.equals(that.domain) && host.equals(that.host) && port == that.port && tls == that.tls
            && username.equals(that.username) && sealedPassword.equals(that.sealedPassword) && scope == that.scope
            && enabled == that.enabled && updatedAt.equals(that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, host, port, tls, username, sealedPassword, scope, enabled, updatedAt);
    }

    @Override
    public String toString() {
        return "DomainRelay[" + domain.asString() + " via " + address() + ", tls " + tls.asString() + ", user "
            + username.orElse("-") + (hasPassword() ? ", password set" : "") + ", scope " + scope.asString()
            + (enabled ? "" : ", disabled") + "]";
    }
}
