package io.smtpy.core.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record: a preference and an exchange host. The host is kept lower-case and without the trailing dot
 * of its absolute form, so {@code MX1.Smtpy.Example.} and {@code mx1.smtpy.example} are the same host. The
 * "null MX" of RFC 7505 (host {@code .}) has the empty host.
 */
public final class MxRecord {
    private final int priority;
    private final String host;

    private MxRecord(int priority, String host) {
        this.priority = priority;
        this.host = host;
    }

    /**
     * @throws IllegalArgumentException when the priority is outside 0..65535 or the host is missing
     */
    public static MxRecord of(int priority, String host) {
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("MX priority must be between 0 and 65535, not " + priority);
        }
        if (host == null) {
            throw new IllegalArgumentException("MX host must be given");
        }
        String normalized = host.trim().toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return new MxRecord(priority, normalized);
    }

    public int priority() {
        return priority;
    }

    /** Lower-case, without trailing dot; empty for a null MX. */
    public String host() {
        return host;
    }

    /** As a DNS panel shows it: {@code 10 mx1.smtpy.example}; a null MX is {@code 0 .}. */
    public String asString() {
        return priority + " " + (host.isEmpty() ? "." : host);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MxRecord)) {
            return false;
        }
        MxRecord other = (MxRecord) o;
        return priority == other.priority && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(priority, host);
    }

    @Override
    public String toString() {
        return asString();
    }
}
