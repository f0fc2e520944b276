package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.Destination;

/** An alias as the API shows it; {@code expired} is computed at the time of the request. */
public class AliasDTO {
    public final String address;
    public final String localPart;
    public final String domain;
    public final List<String> destinations;
    public final List<String> fallbacks;
    public final boolean enabled;
    public final String description;
    public final Set<String> tags;
    public final Optional<Instant> expiresAt;
    public final boolean expired;
    public final Instant createdAt;
    public final Instant updatedAt;

    public AliasDTO(Alias alias, Instant now) {
        this.address = alias.address().asString();
        this.localPart = alias.address().localPart().asString();
        this.domain = alias.address().domain().asString();
        this.destinations = alias.destinations().stream().map(Destination::asString).collect(Collectors.toList());
        this.fallbacks = alias.fallbacks().stream().map(Destination::asString).collect(Collectors.toList());
        this.enabled = alias.enabled();
        this.description = alias.description();
        this.tags = alias.tags();
        this.expiresAt = alias.expiresAt();
        this.expired = alias.isExpiredAt(now);
        this.createdAt = alias.createdAt();
        this.updatedAt = alias.updatedAt();
    }
}
