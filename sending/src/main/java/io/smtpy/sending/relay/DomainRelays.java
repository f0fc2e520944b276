package io.smtpy.sending.relay;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;

import io.smtpy.access.service.SecretSeal;
import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

/**
 * Domains' outbound relays, the owners' side and the mail path's: set (the password sealed under the master key, bound
 * to the domain, so a sealed value copied to another domain's row does not open), read (never the password), remove,
 * test the connection ({@link RelayProbe}), and which relay carries a copy.
 *
 * <p>The mail path asks {@link #carrying} for every outgoing copy of an smtpy domain; each domain's relay is kept in
 * memory, so delivery does not read the store per message. A change made through this node is seen at once; one made
 * through another node of a cluster when this node reads the domain again ({@link #sharedIndex()}, topic
 * {@code relays}).
 */
public class DomainRelays {
    /** A domain's relay was set or removed; the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("relays");
    static final int MAX_HOST_LENGTH = 253;
    static final int MAX_CREDENTIAL_LENGTH = 256;
    private static final Pattern HOST_NAME =
        Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private final DomainRelayRepository repository;
    private final SecretSeal seal;
    private final RelayProbe probe;
    private final Clock clock;
    private final SharedCache<DomainName, Optional<DomainRelay>> relays;

    public DomainRelays(DomainRelayRepository repository, SecretSeal seal, RelayProbe probe, Clock clock) {
        this.repository = Objects.requireNonNull(repository);
        this.seal = Objects.requireNonNull(seal);
        this.probe = Objects.requireNonNull(probe);
        this.clock = Objects.requireNonNull(clock);
        this.relays = new SharedCache<>(TOPIC, repository::find);
    }

    /** The domains' relays held in memory for the mail path: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return relays;
    }

    public Optional<DomainRelay> find(DomainName domain) {
        return repository.find(domain);
    }

    /**
     * Sets the domain's relay. A request without {@code password} keeps the stored one, unless the user name changes
     * (a password is for one account) or goes (no user name, no AUTH, no password).
     *
     * @throws InvalidFieldException naming the field, nothing stored
     */
    public DomainRelay set(DomainName domain, RelayRequest request) {
        String host = host(request.host());
        if (request.port() < 1 || request.port() > 65535) {
            throw new InvalidFieldException("port", "'port' must be between 1 and 65535, not " + request.port());
        }
        RelayTls tls = request.tls().map(text -> RelayTls.parse(text, "tls")).orElse(RelayTls.STARTTLS);
        RelayScope scope = request.scope().map(text -> RelayScope.parse(text, "scope")).orElse(RelayScope.OUTBOUND);
        Optional<String> username = request.username().map(String::trim).filter(name -> !name.isEmpty());
        username.ifPresent(name -> credential(name, "username"));
        request.password().ifPresent(password -> credential(password, "password"));
        Optional<DomainRelay> stored = repository.find(domain);
        Optional<String> sealed;
        if (username.isEmpty()) {
            if (request.password().filter(password -> !password.isEmpty()).isPresent()) {
                throw new InvalidFieldException("password", "'password' needs a 'username' to authenticate with");
            }
            sealed = Optional.empty();
        } else if (request.password().isPresent()) {
            sealed = Optional.of(seal.seal(request.password().get(), context(domain)));
        } else {
            sealed = stored.filter(relay -> relay.username().equals(username)).flatMap(DomainRelay::sealedPassword);
            if (sealed.isEmpty()) {
                throw new InvalidFieldException("password", "'password' is required with a new 'username'");
            }
        }
        DomainRelay relay = new DomainRelay(domain, host, request.port(), tls, username, sealed, scope,
            request.enabled().orElse(true), clock.instant());
        repository.save(relay);
        relays.changed(domain);
        return relay;
    }

    /** @return whether the domain had a relay; its mail goes to the recipients' MX again */
    public boolean remove(DomainName domain) {
        boolean removed = repository.remove(domain);
        relays.changed(domain);
        return removed;
    }

    /** The relay's password, opened; empty when it has none. */
    public Optional<String> password(DomainRelay relay) {
        return relay.sealedPassword().map(sealed -> seal.open(sealed, context(relay.domain())));
    }

    /** Connects as delivery would, without sending mail: empty when the domain has no relay. */
    public Optional<RelayProbe.Result> test(DomainName domain) {
        return repository.find(domain).map(relay -> probe.probe(relay, password(relay)));
    }

    /**
     * The relay that carries a copy of the domain's mail, if any: enabled, and its scope covers the copy.
     *
     * @param submitted whether the copy is mail the owners submitted (else a forwarded copy)
     */
    public Optional<DomainRelay> carrying(DomainName domain, boolean submitted) {
        return relays.get(domain).filter(relay -> relay.carries(submitted));
    }

    private static String context(DomainName domain) {
        return "relay:" + domain.asString();
    }

    private static String host(String text) {
        String host = text.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH
                || !(InetAddresses.isInetAddress(host) || HOST_NAME.matcher(host).matches())) {
            throw new InvalidFieldException("host", "'host' must be a host name or an IP address, not '" + text + "'");
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static void credential(String value, String field) {
        if (value.length() > MAX_CREDENTIAL_LENGTH) {
            throw new InvalidFieldException(field, "'" + field + "' must be at most " + MAX_CREDENTIAL_LENGTH + " characters");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // Not echoed: it may be a password.
            throw new InvalidFieldException(field, "'" + field + "' must not contain control characters");
        }
    }
}
