package io.smtpy.protection;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/** A client refused for probing unknown recipients, and when its refusal ends. */
public final class RefusedClient {
    private final InetAddress address;
    private final Instant until;

    public RefusedClient(InetAddress address, Instant until) {
        this.address = Objects.requireNonNull(address, "address");
        this.until = Objects.requireNonNull(until, "until");
    }

    public InetAddress address() {
        return address;
    }

    public Instant until() {
        return until;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefusedClient && ((RefusedClient) o).address.equals(address) && ((RefusedClient) o).until.equals(until);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, until);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + " until " + until;
    }
}
