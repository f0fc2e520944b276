package io.smtpy.rules.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.common.net.InetAddresses;

class EndpointGuardTest {
    /** A resolver for URLs whose host is an address literal. */
    private static InetAddress[] literal(String host) {
        return new InetAddress[] {InetAddresses.forString(host)};
    }

    private static EndpointGuard guardResolvingTo(InetAddress... addresses) {
        return new EndpointGuard(host -> addresses, List.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1         | 127.0.0.1 is a loopback address",
        "127.8.9.10        | 127.8.9.10 is a loopback address",
        "0.0.0.0           | 0.0.0.0 is an unspecified (this-network) address",
        "10.0.0.1          | 10.0.0.1 is a private address",
        "172.16.0.1        | 172.16.0.1 is a private address",
        "172.31.255.255    | 172.31.255.255 is a private address",
        "192.168.1.1       | 192.168.1.1 is a private address",
        "100.64.0.1        | 100.64.0.1 is a shared (carrier-grade NAT) address",
        "100.127.255.254   | 100.127.255.254 is a shared (carrier-grade NAT) address",
        "169.254.169.254   | 169.254.169.254 is a link-local address (the cloud metadata service)",
        "169.254.1.1       | 169.254.1.1 is a link-local address",
        "192.0.0.170       | 192.0.0.170 is an IETF protocol assignment address",
        "198.18.0.1        | 198.18.0.1 is a benchmarking address",
        "198.19.255.255    | 198.19.255.255 is a benchmarking address",
        "224.0.0.251       | 224.0.0.251 is a multicast address",
        "239.255.255.250   | 239.255.255.250 is a multicast address",
        "255.255.255.255   | 255.255.255.255 is the broadcast address",
        "240.0.0.1         | 240.0.0.1 is a reserved address",
        "192.0.2.1         | 192.0.2.1 is a documentation address",
        "::1               | ::1 is a loopback address",
        "::                | :: is an unspecified address",
        "fe80::1           | fe80::1 is a link-local address",
        "febf::1           | febf::1 is a link-local address",
        "fc00::1           | fc00::1 is a unique-local address",
        "fd12:3456::1      | fd12:3456::1 is a unique-local address",
        "fec0::1           | fec0::1 is a site-local address",
        "ff02::1           | ff02::1 is a multicast address",
        "2001:db8::1       | 2001:db8::1 is a documentation address",
        "64:ff9b::a00:1    | 64:ff9b::a00:1 is a NAT64 form of 10.0.0.1, a private address",
        "64:ff9b::a9fe:a9fe | 64:ff9b::a9fe:a9fe is a NAT64 form of 169.254.169.254, a link-local address (the cloud metadata service)",
        "64:ff9b:1::1      | 64:ff9b:1::1 is a local-use NAT64 address",
        "2002:7f00:1::1    | 2002:7f00:1::1 is a 6to4 form of 127.0.0.1, a loopback address",
        "2002:c0a8:101::   | 2002:c0a8:101:: is a 6to4 form of 192.168.1.1, a private address",
        "2001:0:4136:e378:8000:63bf:80ff:fffe | 2001:0:4136:e378:8000:63bf:80ff:fffe is a Teredo form of 127.0.0.1, a loopback address",
        "::7f00:1          | ::7f00:1 is an IPv4-compatible form of 127.0.0.1, a loopback address",
    })
    void refusesNonPublicAddressesNamingWhy(String address, String why) {
        EndpointGuard guard = guardResolvingTo(InetAddresses.forString(address));

        assertThatThrownBy(() -> guard.check(URI.create("https://hooks.example.com/in")))
            .isInstanceOf(RefusedEndpointException.class)
            .hasMessage(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "198.20.0.1", "192.0.1.1",
        "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "2a00:1450:4007:80e::200e", "64:ff9b::808:808", "2002:808:808::1"})
    void acceptsPublicAddresses(String address) throws Exception {
        InetAddress resolved = InetAddresses.forString(address);

        assertThat(guardResolvingTo(resolved).check(URI.create("https://hooks.example.com/in")))
            .containsExactly(resolved);
    }

    @Test
    void refusesAnIpv4MappedLoopbackAddress() throws Exception {
        InetAddress mapped = Inet6Address.getByAddress(null, mapped(127, 0, 0, 1), -1);

        assertThatThrownBy(() -> guardResolvingTo(mapped).check(URI.create("http://hooks.example.com/")))
            .hasMessage("::ffff:127.0.0.1 is an IPv4-mapped form of 127.0.0.1, a loopback address");
    }

    @Test
    void refusesAnIpv4MappedLiteralInTheUrl() {
        EndpointGuard guard = EndpointGuard.strict();

        assertThatThrownBy(() -> guard.check(URI.create("http://[::ffff:169.254.169.254]/latest/meta-data/")))
            .isInstanceOf(RefusedEndpointException.class)
            .hasMessageContaining("169.254.169.254")
            .hasMessageContaining("link-local");
    }

    @Test
    void refusesWhenAnyOfTheAddressesIsInternal() throws Exception {
        EndpointGuard guard = guardResolvingTo(InetAddresses.forString("93.184.215.14"),
            InetAddresses.forString("10.1.2.3"));

        assertThatThrownBy(() -> guard.check(URI.create("https://hooks.example.com/")))
            .hasMessage("10.1.2.3 is a private address");
    }

    @Test
    void refusesLocalhostByName() {
        assertThatThrownBy(() -> EndpointGuard.strict().check(URI.create("http://localhost:8080/")))
            .isInstanceOf(RefusedEndpointException.class)
            .hasMessageContaining("loopback");
    }

    @Test
    void allowedNetworksAreAcceptedInSpiteOfTheRules() throws Exception {
        EndpointGuard guard = new EndpointGuard(EndpointGuardTest::literal, List.of("127.0.0.0/8", "fd00::/8"));

        assertThat(guard.check(URI.create("http://127.0.0.1:8080/"))).hasSize(1);
        assertThat(guard.check(URI.create("http://[fd00::5]/"))).hasSize(1);
    }

    @Test
    void anAllowedIpv4NetworkAlsoAcceptsItsMappedForm() throws Exception {
        InetAddress mapped = Inet6Address.getByAddress(null, mapped(127, 0, 0, 1), -1);
        EndpointGuard guard = new EndpointGuard(host -> new InetAddress[] {mapped}, List.of("127.0.0.0/8"));

        assertThat(guard.check(URI.create("http://hooks.example.com/"))).containsExactly(mapped);
    }

    @Test
    void allowedNetworksDoNotOpenTheRest() {
        EndpointGuard guard = new EndpointGuard(EndpointGuardTest::literal, List.of("127.0.0.0/8"));

        assertThatThrownBy(() -> guard.check(URI.create("http://10.0.0.1/")))
            .hasMessage("10.0.0.1 is a private address");
        assertThatThrownBy(() -> guard.check(URI.create("http://[::1]/")))
            .hasMessage("::1 is a loopback address");
    }

    @Test
    void aBareAddressIsANetworkOfOne() throws Exception {
        EndpointGuard guard = new EndpointGuard(EndpointGuardTest::literal, List.of("10.0.0.7"));

        assertThat(guard.check(URI.create("http://10.0.0.7/"))).hasSize(1);
        assertThatThrownBy(() -> guard.check(URI.create("http://10.0.0.8/"))).isInstanceOf(RefusedEndpointException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.0/33", "example.com/8", "10.0.0.0/", "10.0.0.0/-1", "", "::1/129"})
    void anAllowedEntryThatIsNotANetworkFailsAtOnce(String entry) {
        assertThatThrownBy(() -> EndpointGuard.allowing(List.of(entry)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(entry);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://hooks.example.com/in      | only http and https URLs can be posted to, not 'ftp'",
        "file:///etc/passwd              | only http and https URLs can be posted to, not 'file'",
        "gopher://hooks.example.com:70/  | only http and https URLs can be posted to, not 'gopher'",
        "/relative/path                  | only http and https URLs can be posted to, not ''",
        "https:opaque                    | the URL has no host",
        "http:///no-host                 | the URL has no host",
        "http://under_score.example.com/ | the URL has no host",
    })
    void refusesUrlsThatAreNotPlainHttp(String url, String why) {
        assertThatThrownBy(() -> guardResolvingTo(InetAddresses.forString("93.184.215.14")).check(URI.create(url)))
            .isInstanceOf(RefusedEndpointException.class)
            .hasMessage(why);
    }

    @Test
    void refusesUserInfoWithoutRepeatingIt() {
        assertThatThrownBy(() -> guardResolvingTo(InetAddresses.forString("93.184.215.14"))
            .check(URI.create("https://owner:s3cret@hooks.example.com/")))
            .hasMessage("the URL must not carry a user name or password")
            .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        EndpointGuard empty = guardResolvingTo();
        EndpointGuard throwing = new EndpointGuard(host -> {
            throw new IllegalStateException(new UnknownHostException(host));
        }, List.of());

        assertThatThrownBy(() -> empty.check(URI.create("https://nowhere.example.com/")))
            .hasMessage("nowhere.example.com does not resolve");
        assertThatThrownBy(() -> throwing.check(URI.create("https://nowhere.example.com/")))
            .hasMessage("nowhere.example.com does not resolve");
    }

    @Test
    void resolvesTheHostAsWrittenWithoutBrackets() throws Exception {
        Map<String, String> seen = new HashMap<>();
        EndpointGuard guard = new EndpointGuard(host -> {
            seen.put("host", host);
            return literal("2606:2800:21f:cb07:6820:80da:af6b:8b2c");
        }, List.of());

        guard.check(URI.create("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/in"));

        assertThat(seen).containsEntry("host", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    }

    private static byte[] mapped(int a, int b, int c, int d) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return bytes;
    }
}
