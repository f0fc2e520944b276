package io.smtpy.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;


/**
 * An IPv4 or IPv6 network such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a /32 or /128.
 * Only literal addresses are accepted: a host name here would make every check a DNS lookup.
 */
public final class Cidr {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = format(network, prefixLength);
    }

    public static Cidr parse(String value, String field) {
        String trimmed = value == null ? "" : value.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !LITERAL.matcher(address).matches() || (address.indexOf(':') < 0 && address.chars().filter(c -> c == '.').count() != 3)) {
            throw new InvalidFieldException(field, "'" + value + "' is not an IPv4 or IPv6 address or network");
        }
        byte[] bytes;
        try {
            // Never InetAddress.getByName: a hex-letter name such as "dead.beef.cafe.bad" passes the check above
            // and would be looked up (and accepted if it resolved).
            bytes = literalBytes(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "'" + value + "' is not an IPv4 or IPv6 address or network");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new InvalidFieldException(field, "'" + value + "': the prefix length must be 0 to " + max);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /**
     * The bytes as written: {@code ::ffff:10.0.0.1} stays 16 bytes. Guava, like the JDK, turns an IPv4-mapped literal
     * into an IPv4 address, which would make a network of mapped addresses hold plain IPv4 ones.
     */
    private static byte[] literalBytes(String text) {
        byte[] bytes = InetAddresses.forString(text).getAddress();
        if (bytes.length == 4 && text.indexOf(':') >= 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        return bytes;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] = (byte) (masked[i] & (0xff << (8 - bitsHere)));
        }
        return masked;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** @param bytes an address as {@link InetAddress#getAddress()} gives it (4 or 16 bytes) */
    public boolean contains(byte[] bytes) {
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static String format(byte[] network, int prefix) {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public String asString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
