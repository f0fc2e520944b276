package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


class CidrTest {
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void anIpv4NetworkShouldContainItsAddresses() {
        Cidr network = Cidr.parse("192.0.2.0/24", "allowedIps");

        assertThat(network.contains(ip("192.0.2.0"))).isTrue();
        assertThat(network.contains(ip("192.0.2.255"))).isTrue();
    }

    @Test
    void anIpv4NetworkShouldNotContainAddressesOutsideIt() {
        Cidr network = Cidr.parse("192.0.2.0/24", "allowedIps");

        assertThat(network.contains(ip("192.0.3.0"))).isFalse();
        assertThat(network.contains(ip("192.0.1.255"))).isFalse();
    }

    @Test
    void anIpv4PrefixNotOnAByteBoundaryShouldBeHonoured() {
        Cidr network = Cidr.parse("198.51.100.64/26", "allowedIps");

        assertThat(network.contains(ip("198.51.100.127"))).isTrue();
        assertThat(network.contains(ip("198.51.100.128"))).isFalse();
        assertThat(network.contains(ip("198.51.100.63"))).isFalse();
    }

    @Test
    void aBareIpv4AddressShouldBeASlash32() {
        Cidr single = Cidr.parse("203.0.113.7", "allowedIps");

        assertThat(single.asString()).isEqualTo("203.0.113.7/32");
        assertThat(single.contains(ip("203.0.113.7"))).isTrue();
        assertThat(single.contains(ip("203.0.113.8"))).isFalse();
    }

    @Test
    void anIpv6NetworkShouldContainItsAddressesOnly() {
        Cidr network = Cidr.parse("2001:db8::/32", "allowedIps");

        assertThat(network.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(network.contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void aBareIpv6AddressShouldBeASlash128() {
        Cidr single = Cidr.parse("2001:db8::1", "allowedIps");

        assertThat(single.asString()).endsWith("/128");
        assertThat(single.contains(ip("2001:db8::1"))).isTrue();
        assertThat(single.contains(ip("2001:db8::2"))).isFalse();
    }

    @Test
    void prefixZeroShouldContainEveryAddressOfItsFamily() {
        assertThat(Cidr.parse("0.0.0.0/0", "allowedIps").contains(ip("203.0.113.7"))).isTrue();
        assertThat(Cidr.parse("::/0", "allowedIps").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void hostBitsShouldBeMaskedInTheTextForm() {
        assertThat(Cidr.parse("192.0.2.77/24", "allowedIps").asString()).isEqualTo("192.0.2.0/24");
        assertThat(Cidr.parse("10.1.2.3/0", "allowedIps").asString()).isEqualTo("0.0.0.0/0");
    }

    @Test
    void hostBitsShouldBeMaskedInAnIpv6Network() {
        Cidr withHostBits = Cidr.parse("2001:db8:1:2::5/32", "allowedIps");

        assertThat(withHostBits).isEqualTo(Cidr.parse("2001:db8::/32", "allowedIps"));
        assertThat(Cidr.parse(withHostBits.asString(), "allowedIps")).isEqualTo(withHostBits);
    }

    @Test
    void anIpv4AddressShouldNotBeInAnIpv6Network() {
        assertThat(Cidr.parse("::/0", "allowedIps").contains(ip("192.0.2.1"))).isFalse();
    }

    @Test
    void anIpv6AddressShouldNotBeInAnIpv4Network() {
        assertThat(Cidr.parse("0.0.0.0/0", "allowedIps").contains(ip("2001:db8::1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/24", "localhost", "mail.example.com", "dead.beef.cafe.bad", "1.2.3.256", "1.2.3",
        "1.2.3.4.5", "192.0.2.0/", "192.0.2.0/33", "192.0.2.0/-1", "192.0.2.0/abc", "2001:db8::/129", "2001:db8:::1",
        "fe80::1%eth0", "192.0.2.0/24/8"})
    void parseShouldRefuseWhatIsNotALiteralAddressOrNetworkNamingTheField(String value) {
        assertThatThrownBy(() -> Cidr.parse(value, "allowedIps[0]"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("allowedIps[0]"));
    }

    @Test
    void parseShouldRefuseAMissingValueNamingTheField() {
        assertThatThrownBy(() -> Cidr.parse(null, "allowedIps[0]"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("allowedIps[0]"));
    }

    @Test
    void anIpv4MappedNetworkShouldStayAnIpv6NetworkAndHoldNoPlainIpv4Address() throws Exception {
        Cidr mapped = Cidr.parse("::ffff:0:0/96", "network");

        assertThat(mapped.contains(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1})).isTrue();
        assertThat(mapped.contains(java.net.InetAddress.getByName("127.0.0.1"))).isFalse();
    }
}
