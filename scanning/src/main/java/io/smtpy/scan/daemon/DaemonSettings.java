package io.smtpy.scan.daemon;

import java.time.Duration;
import java.util.Objects;

import com.google.common.net.HostAndPort;

/**
 * How to reach one scanning daemon: its address, the time one request may take in all (waiting for a free slot,
 * connecting, sending, reading the answer), the largest message it is given, and how many requests may be in progress
 * at once.
 */
public final class DaemonSettings {
    private final HostAndPort address;
    private final Duration timeout;
    private final long maxSizeBytes;
    private final int maxConcurrent;

    public DaemonSettings(HostAndPort address, Duration timeout, long maxSizeBytes, int maxConcurrent) {
        if (!address.hasPort()) {
            throw new IllegalArgumentException("a daemon address needs a port: " + address);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a daemon timeout must be positive: " + timeout);
        }
        if (maxSizeBytes <= 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException("a daemon's size limit and concurrency must be positive");
        }
        this.address = address;
        this.timeout = timeout;
        this.maxSizeBytes = maxSizeBytes;
        this.maxConcurrent = maxConcurrent;
    }

    public HostAndPort address() {
        return address;
    }

    public Duration timeout() {
        return timeout;
    }

    public long maxSizeBytes() {
        return maxSizeBytes;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** The same daemon with another timeout (tests and health checks use short ones). */
    public DaemonSettings withTimeout(Duration other) {
        return new DaemonSettings(address, other, maxSizeBytes, maxConcurrent);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DaemonSettings)) {
            return false;
        }
        DaemonSettings other = (DaemonSettings) o;
        return address.equals(other.address) && timeout.equals(other.timeout) && maxSizeBytes == other.maxSizeBytes
            && maxConcurrent == other.maxConcurrent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, timeout, maxSizeBytes, maxConcurrent);
    }

    @Override
    public String toString() {
        return address + " (timeout " + timeout.toSeconds() + " s, max " + maxSizeBytes / 1024 + " KiB, "
            + maxConcurrent + " at once)";
    }
}
