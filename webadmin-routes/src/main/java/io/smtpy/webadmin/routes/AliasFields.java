package io.smtpy.webadmin.routes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.Destination;

/** The owner-set fields of an alias read from a JSON body; absent fields leave the alias as it is. */
final class AliasFields {
    final Optional<List<Destination>> destinations;
    final Optional<List<Destination>> fallbacks;
    final Optional<Boolean> enabled;
    final Optional<String> description;
    final Optional<List<String>> tags;
    final Optional<Optional<Instant>> expiresAt;

    private AliasFields(Optional<List<Destination>> destinations, Optional<List<Destination>> fallbacks, Optional<Boolean> enabled,
                        Optional<String> description, Optional<List<String>> tags, Optional<Optional<Instant>> expiresAt) {
        this.destinations = destinations;
        this.fallbacks = fallbacks;
        this.enabled = enabled;
        this.description = description;
        this.tags = tags;
        this.expiresAt = expiresAt;
    }

    static AliasFields read(JsonBody body) {
        return new AliasFields(
            body.stringList("destinations").map(values -> RequestValues.destinations(values, "destinations")),
            body.stringList("fallbacks").map(values -> RequestValues.destinations(values, "fallbacks")),
            body.bool("enabled"),
            body.nullableText("description").map(value -> value.orElse("")),
            body.stringList("tags").map(RequestValues::tags),
            body.nullableInstant("expiresAt"));
    }

    Alias.Builder applyTo(Alias.Builder builder) {
        destinations.ifPresent(builder::destinations);
        fallbacks.ifPresent(builder::fallbacks);
        enabled.ifPresent(builder::enabled);
        description.ifPresent(builder::description);
        tags.ifPresent(builder::tags);
        expiresAt.ifPresent(builder::expiresAt);
        return builder;
    }
}
