package io.smtpy.rules.post;

import io.smtpy.core.model.Cidr;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.common.net.InetAddresses;

/**
 * Keeps owners' post URLs out of our own networks (server-side request forgery): a rule must not make smtpy POST
 * mail to its loopback, to the cloud metadata service at {@code 169.254.169.254} or to anything else behind the
 * firewall that trusts requests from the server.
 *
 * <p>A URL is accepted when it is {@code http} or {@code https}, carries no user name or password, names a host, and
 * every address the host resolves to is public: not loopback, unspecified ({@code 0.0.0.0/8}, {@code ::}), private
 * ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}), shared/CGNAT ({@code 100.64/10}), link-local
 * ({@code 169.254/16}, {@code fe80::/10}), unique-local ({@code fc00::/7}), site-local ({@code fec0::/10}),
 * multicast, reserved ({@code 240/4}), broadcast, IETF protocol assignments ({@code 192.0.0/24}), documentation or
 * benchmarking ({@code 198.18/15}, {@code 2001:2::/48}) ranges, discard-only ({@code 100::/64}) or local-use NAT64
 * ({@code 64:ff9b:1::/48}). IPv4 addresses carried in IPv6 ones are looked at too: IPv4-mapped and -compatible
 * ({@code ::ffff:127.0.0.1}), NAT64 ({@code 64:ff9b::/96}), 6to4 ({@code 2002::/16}) and Teredo clients
 * ({@code 2001::/32}). Every address counts, not only the first: the HTTP client may use any of them.
 * Networks the operator {@link #allowing allows} are accepted whatever they are (for tests, or an intranet service
 * that owners are meant to reach). Allowing {@code 127.0.0.0/8} does not allow {@code ::1}: {@code localhost} usually
 * resolves to both, so a test posts to {@code 127.0.0.1} or allows {@code ::1/128} as well.
 *
 * <p>Between the check and the connection. The check resolves the host through the JVM's resolver, which caches a
 * positive answer ({@code networkaddress.cache.ttl}, 30 s by default, whatever the DNS TTL), and the HTTP client
 * asks the same cache when it connects right after; so a name that answers with a public address to the check and
 * with {@code 127.0.0.1} a moment later (DNS rebinding) gets the checked address. What is left: the cache entry can
 * expire in the instant between check and connect; an operator who sets {@code networkaddress.cache.ttl=0} removes
 * this protection; an HTTP client configured with a proxy resolves on the proxy, out of sight. Posts never follow
 * redirects, so an accepted endpoint cannot bounce the request inside. A public host that itself forwards requests
 * inward (an open proxy) is beyond what an address check can see.
 */
public final class EndpointGuard {
    private static final List<Refusal> IPV4 = List.of(
        new Refusal("0.0.0.0/8", "an unspecified (this-network) address"),
        new Refusal("10.0.0.0/8", "a private address"),
        new Refusal("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
        new Refusal("127.0.0.0/8", "a loopback address"),
        new Refusal("169.254.169.254/32", "a link-local address (the cloud metadata service)"),
        new Refusal("169.254.0.0/16", "a link-local address"),
        new Refusal("172.16.0.0/12", "a private address"),
        new Refusal("192.0.0.0/24", "an IETF protocol assignment address"),
        new Refusal("192.0.2.0/24", "a documentation address"),
        new Refusal("192.88.99.0/24", "a 6to4 relay anycast address"),
        new Refusal("192.168.0.0/16", "a private address"),
        new Refusal("198.18.0.0/15", "a benchmarking address"),
        new Refusal("198.51.100.0/24", "a documentation address"),
        new Refusal("203.0.113.0/24", "a documentation address"),
        new Refusal("224.0.0.0/4", "a multicast address"),
        new Refusal("255.255.255.255/32", "the broadcast address"),
        new Refusal("240.0.0.0/4", "a reserved address"));
    private static final List<Refusal> IPV6 = List.of(
        new Refusal("::/128", "an unspecified address"),
        new Refusal("::1/128", "a loopback address"),
        new Refusal("64:ff9b:1::/48", "a local-use NAT64 address"),
        new Refusal("100::/64", "a discard-only address"),
        new Refusal("2001:2::/48", "a benchmarking address"),
        new Refusal("2001:db8::/32", "a documentation address"),
        new Refusal("fc00::/7", "a unique-local address"),
        new Refusal("fe80::/10", "a link-local address"),
        new Refusal("fec0::/10", "a site-local address"),
        new Refusal("ff00::/8", "a multicast address"));
    private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96", "network");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96", "network");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96", "network");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16", "network");
    private static final Cidr TEREDO = Cidr.parse("2001::/32", "network");

    private final Function<String, InetAddress[]> resolver;
    private final List<Cidr> allowed;

    /**
     * @param resolver the addresses of a host name or literal; empty or throwing when it does not resolve
     * @param allowed networks accepted in spite of the rules ({@code 127.0.0.0/8}, {@code fd00::/8}, a bare address)
     * @throws IllegalArgumentException naming an entry of {@code allowed} that is not a network
     */
    public EndpointGuard(Function<String, InetAddress[]> resolver, List<String> allowed) {
        this(resolver, allowed, "rules.postAllowedNetworks");
    }

    /** @param setting the name of the setting {@code allowed} comes from, named when an entry is not a network */
    public EndpointGuard(Function<String, InetAddress[]> resolver, List<String> allowed, String setting) {
        this.resolver = Objects.requireNonNull(resolver);
        this.allowed = allowed.stream().map(network -> Cidr.parse(network, setting)).collect(Collectors.toUnmodifiableList());
    }

    /** Public addresses only, resolved by the JVM. */
    public static EndpointGuard strict() {
        return new EndpointGuard(EndpointGuard::resolve, List.of());
    }

    /** Public addresses and those in the operator's {@code cidrs}, resolved by the JVM. */
    public static EndpointGuard allowing(List<String> cidrs) {
        return new EndpointGuard(EndpointGuard::resolve, cidrs);
    }

    /** The same, for another setting than rules' ({@code webhooks.allowedNetworks}), named when an entry is wrong. */
    public static EndpointGuard allowing(List<String> cidrs, String setting) {
        return new EndpointGuard(EndpointGuard::resolve, cidrs, setting);
    }

    /**
     * The addresses {@code url}'s host resolves to, all of them acceptable.
     *
     * @throws RefusedEndpointException saying which part of the URL or which address is refused, and why
     */
    public List<InetAddress> check(URI url) throws RefusedEndpointException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedEndpointException("only http and https URLs can be posted to, not '" + scheme + "'");
        }
        if (url.getRawUserInfo() != null) {
            // Not echoed: it is a password, or looks like one.
            throw new RefusedEndpointException("the URL must not carry a user name or password");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedEndpointException("the URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.apply(host);
        } catch (RuntimeException unresolvable) {
            addresses = null;
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedEndpointException(host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedEndpointException(refusal.get());
            }
        }
        return List.of(addresses);
    }

    /** Why the address is refused ({@code "127.0.0.1 is a loopback address"}), or empty when it is acceptable. */
    private Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (isAllowed(bytes)) {
            return Optional.empty();
        }
        if (bytes.length == 4) {
            return kind(bytes).map(kind -> text(bytes) + " is " + kind);
        }
        if (IPV4_MAPPED.contains(bytes) || (IPV4_COMPATIBLE.contains(bytes) && !own(bytes).isPresent())) {
            // A socket to one of these reaches the IPv4 address itself, so the allowed networks apply to it too.
            byte[] ipv4 = slice(bytes, 12, false);
            if (isAllowed(ipv4)) {
                return Optional.empty();
            }
            String form = IPV4_MAPPED.contains(bytes) ? "an IPv4-mapped" : "an IPv4-compatible";
            return kind(ipv4).map(kind -> text(bytes) + " is " + form + " form of " + text(ipv4) + ", " + kind);
        }
        Optional<String> own = own(bytes);
        if (own.isPresent()) {
            return own.map(kind -> text(bytes) + " is " + kind);
        }
        if (NAT64.contains(bytes)) {
            return embedded(bytes, "a NAT64", slice(bytes, 12, false));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return embedded(bytes, "a 6to4", slice(bytes, 2, false));
        }
        if (TEREDO.contains(bytes)) {
            // RFC 4380: the client's IPv4 address is carried in the last 32 bits, every bit inverted.
            return embedded(bytes, "a Teredo", slice(bytes, 12, true));
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] bytes, String form, byte[] ipv4) {
        return kind(ipv4).map(kind -> text(bytes) + " is " + form + " form of " + text(ipv4) + ", " + kind);
    }

    private boolean isAllowed(byte[] bytes) {
        for (Cidr network : allowed) {
            if (network.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> kind(byte[] ipv4) {
        return first(IPV4, ipv4);
    }

    private static Optional<String> own(byte[] ipv6) {
        return first(IPV6, ipv6);
    }

    private static Optional<String> first(List<Refusal> refusals, byte[] bytes) {
        for (Refusal refusal : refusals) {
            if (refusal.network.contains(bytes)) {
                return Optional.of(refusal.kind);
            }
        }
        return Optional.empty();
    }

    private static byte[] slice(byte[] bytes, int from, boolean inverted) {
        byte[] ipv4 = new byte[4];
        for (int i = 0; i < 4; i++) {
            ipv4[i] = (byte) (inverted ? ~bytes[from + i] : bytes[from + i]);
        }
        return ipv4;
    }

    /** RFC 5952 text; a mapped address keeps its IPv4 tail, as people write it. */
    private static String text(byte[] bytes) {
        if (bytes.length == 16 && IPV4_MAPPED.contains(bytes)) {
            return "::ffff:" + text(slice(bytes, 12, false));
        }
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", impossible);
        }
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            return new InetAddress[0];
        }
    }

    @Override
    public String toString() {
        return "EndpointGuard[" + allowed.size() + " allowed networks]";
    }

    private static final class Refusal {
        private final Cidr network;
        private final String kind;

        Refusal(String network, String kind) {
            this.network = Cidr.parse(network, "network");
            this.kind = kind;
        }
    }
}
