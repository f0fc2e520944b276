package io.smtpy.protection;

import java.util.Objects;
import java.util.Optional;

/** A DNS blocklist's listing of an address: which zone lists it, and the reason the zone gives in TXT when it gives one. */
public final class BlocklistListing {
    private final String zone;
    private final Optional<String> reason;

    public BlocklistListing(String zone, Optional<String> reason) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public String zone() {
        return zone;
    }

    public Optional<String> reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlocklistListing && ((BlocklistListing) o).zone.equals(zone) && ((BlocklistListing) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, reason);
    }

    @Override
    public String toString() {
        return zone + reason.map(text -> " (" + text + ")").orElse("");
    }
}
