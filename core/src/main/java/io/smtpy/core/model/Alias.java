package io.smtpy.core.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;

/**
 * A forwarding address: mail to {@link #address()} goes to every {@link #destinations() destination} while the
 * alias is enabled and not expired. Immutable; change it with {@link #toBuilder()}.
 */
public final class Alias {
    private final AliasAddress address;
    private final List<Destination> destinations;
    private final List<Destination> fallbacks;
    private final boolean enabled;
    private final String description;
    private final Set<String> tags;
    private final Optional<Instant> expiresAt;
    private final Instant createdAt;
    private final Instant updatedAt;

    private Alias(Builder builder) {
        this.address = Objects.requireNonNull(builder.address, "address");
        this.destinations = ImmutableList.copyOf(builder.destinations);
        this.fallbacks = ImmutableList.copyOf(builder.fallbacks);
        this.enabled = builder.enabled;
        this.description = builder.description;
        this.tags = ImmutableSortedSet.copyOf(builder.tags);
        this.expiresAt = builder.expiresAt;
        this.createdAt = Objects.requireNonNull(builder.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(builder.updatedAt, "updatedAt");
    }

    public static Builder builder(AliasAddress address) {
        return new Builder(address);
    }

    public Builder toBuilder() {
        return new Builder(address)
            .destinations(destinations)
            .fallbacks(fallbacks)
            .enabled(enabled)
            .description(description)
            .tags(tags)
            .expiresAt(expiresAt)
            .createdAt(createdAt)
            .updatedAt(updatedAt);
    }

    public AliasAddress address() {
        return address;
    }

    public List<Destination> destinations() {
        return destinations;
    }

    /**
     * Where a copy goes, in this order, when a destination fails for good (a permanent refusal, or deferred longer
     * than the installation allows): the first fallback for a failed destination, the next one for a failed fallback.
     */
    public List<Destination> fallbacks() {
        return fallbacks;
    }

    /** The destination to try after {@code failed}, which was one of this alias's destinations or fallbacks. */
    public Optional<Destination> fallbackAfter(Destination failed) {
        int index = fallbacks.indexOf(failed);
        if (index >= 0) {
            return index + 1 < fallbacks.size() ? Optional.of(fallbacks.get(index + 1)) : Optional.empty();
        }
        return destinations.contains(failed) && !fallbacks.isEmpty() ? Optional.of(fallbacks.get(0)) : Optional.empty();
    }

    public boolean enabled() {
        return enabled;
    }

    public String description() {
        return description;
    }

    public Set<String> tags() {
        return tags;
    }

    public Optional<Instant> expiresAt() {
        return expiresAt;
    }

    /** True once {@code now} has reached {@link #expiresAt()}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.map(expiry -> !now.isBefore(expiry)).orElse(false);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * Checks this alias against the limits of the installation.
     *
     * @throws InvalidFieldException naming the first field that is out of bounds
     */
    public Alias validate(Limits limits) {
        if (destinations.isEmpty()) {
            throw new InvalidFieldException("destinations", "an alias needs at least one destination");
        }
        if (destinations.size() > limits.maxDestinations()) {
            throw new InvalidFieldException("destinations", "an alias may have at most " + limits.maxDestinations()
                + " destinations, got " + destinations.size());
        }
        if (fallbacks.size() > limits.maxDestinations()) {
            throw new InvalidFieldException("fallbacks", "an alias may have at most " + limits.maxDestinations()
                + " fallbacks, got " + fallbacks.size());
        }
        for (Destination fallback : fallbacks) {
            if (destinations.contains(fallback)) {
                throw new InvalidFieldException("fallbacks", fallback.asString() + " is already a destination of the alias");
            }
        }
        if (tags.size() > limits.maxTags()) {
            throw new InvalidFieldException("tags", "an alias may have at most " + limits.maxTags() + " tags, got " + tags.size());
        }
        if (description.length() > limits.maxDescriptionLength()) {
            throw new InvalidFieldException("description", "description is longer than "
                + limits.maxDescriptionLength() + " characters");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Alias)) {
            return false;
        }
        Alias other = (Alias) o;
        return address.equals(other.address)
            && destinations.equals(other.destinations)
            && fallbacks.equals(other.fallbacks)
            && enabled == other.enabled
            && description.equals(other.description)
            && tags.equals(other.tags)
            && expiresAt.equals(other.expiresAt)
            && createdAt.equals(other.createdAt)
            && updatedAt.equals(other.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, destinations, fallbacks, enabled, description, tags, expiresAt, createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Alias{" + address + " -> " + destinations + (enabled ? "" : ", disabled")
            + expiresAt.map(e -> ", expires " + e).orElse("") + "}";
    }

    public static final class Builder {
        private final AliasAddress address;
        private List<Destination> destinations = List.of();
        private List<Destination> fallbacks = List.of();
        private boolean enabled = true;
        private String description = "";
        private Set<String> tags = Set.of();
        private Optional<Instant> expiresAt = Optional.empty();
        private Instant createdAt;
        private Instant updatedAt;

        private Builder(AliasAddress address) {
            this.address = address;
        }

        /** Keeps the first of destinations that differ only by case, in the order given. */
        public Builder destinations(Collection<Destination> destinations) {
            this.destinations = new ArrayList<>(new LinkedHashSet<>(destinations));
            return this;
        }

        /** In the order they are tried; duplicates (by case) kept once. */
        public Builder fallbacks(Collection<Destination> fallbacks) {
            this.fallbacks = new ArrayList<>(new LinkedHashSet<>(fallbacks));
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder description(String description) {
            this.description = description == null ? "" : description;
            return this;
        }

        public Builder tags(Collection<String> tags) {
            TreeSet<String> normalized = new TreeSet<>();
            tags.forEach(tag -> normalized.add(Tag.normalize(tag)));
            this.tags = normalized;
            return this;
        }

        public Builder expiresAt(Optional<Instant> expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Alias build() {
            return new Alias(this);
        }
    }
}
