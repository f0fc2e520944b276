package io.smtpy.rules.post;

import java.net.InetAddress;

import com.google.common.net.InetAddresses;

/** A network written {@code address/prefix-length}, IPv4 or IPv6; a bare address is a network of one. */
final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Only literals are read (Guava's parser, never a DNS lookup): an operator's setting cannot depend on DNS.
     *
     * @throws IllegalArgumentException naming the text when it is not a network
     */
    static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address;
        try {
            address = literalBytes(addressText);
        } catch (IllegalArgumentException notALiteral) {
            throw new IllegalArgumentException("'" + text + "' is not a network (address/prefix-length)");
        }
        int bits = address.length * 8;
        int prefixLength = bits;
        if (slash >= 0) {
            String lengthText = trimmed.substring(slash + 1);
            if (!lengthText.matches("[0-9]{1,3}") || Integer.parseInt(lengthText) > bits) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length (0 to " + bits + ")");
            }
            prefixLength = Integer.parseInt(lengthText);
        }
        return new Cidr(address, prefixLength);
    }

    /**
     * The bytes as written: {@code ::ffff:10.0.0.1} stays 16 bytes. Guava, like the JDK, turns an IPv4-mapped
     * literal into an IPv4 address, which would make such a refusal rule match plain IPv4 addresses too.
     */
    private static byte[] literalBytes(String text) {
        InetAddress address = InetAddresses.forString(text);
        byte[] bytes = address.getAddress();
        if (bytes.length == 4 && text.indexOf(':') >= 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        return bytes;
    }

    /** Whether the address (4 or 16 bytes) lies in this network; an IPv4 network holds no IPv6 address. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int wholeBytes = prefixLength / 8;
        for (int i = 0; i < wholeBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (address[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }
}
