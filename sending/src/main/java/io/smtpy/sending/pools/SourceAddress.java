package io.smtpy.sending.pools;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One outbound source address of a {@link SourcePool}: the address delivery connections bind to, and the delivery queue
 * that keeps the copies leaving from it ({@code outgoing-<pool>-<n>}, n counted from 1 in the pool's order), so a
 * copy retried later leaves from the same address.
 */
public final class SourceAddress {
    /** The prefix of every pool address's delivery queue; the default delivery queue is the bare {@code outgoing}. */
    public static final String QUEUE_PREFIX = "outgoing-";

    private final String pool;
    private final int number;
    private final InetAddress address;

    SourceAddress(String pool, int number, InetAddress address) {
        this.pool = pool;
        this.number = number;
        this.address = address;
    }

    public String pool() {
        return pool;
    }

    public InetAddress address() {
        return address;
    }

    /** The address as text, the form the mail attribute, the matcher and RemoteDelivery's {@code <bind>} carry. */
    public String literal() {
        return address.getHostAddress();
    }

    public String queueName() {
        return QUEUE_PREFIX + pool + "-" + number;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceAddress && ((SourceAddress) other).pool.equals(pool)
            && ((SourceAddress) other).number == number && ((SourceAddress) other).address.equals(address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pool, number, address);
    }

    @Override
    public String toString() {
        return pool + "#" + number + " " + literal();
    }
}
