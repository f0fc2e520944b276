package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AliasFallbacksTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static Alias alias(List<String> destinations, List<String> fallbacks) {
        return Alias.builder(AliasAddress.of(DomainName.of("example.com"), LocalPart.of("sales")))
            .destinations(destinations.stream().map(Destination::of).collect(java.util.stream.Collectors.toList()))
            .fallbacks(fallbacks.stream().map(Destination::of).collect(java.util.stream.Collectors.toList()))
            .createdAt(T0)
            .updatedAt(T0)
            .build();
    }

    @Test
    void aFailedDestinationShouldFallBackToTheFirstFallbackAndAFailedFallbackToTheNext() {
        Alias alias = alias(List.of("jane@dest.example", "ops@dest.example"), List.of("backup@dest.example", "last@dest.example"));

        assertThat(alias.fallbackAfter(Destination.of("OPS@dest.example"))).contains(Destination.of("backup@dest.example"));
        assertThat(alias.fallbackAfter(Destination.of("backup@dest.example"))).contains(Destination.of("last@dest.example"));
        assertThat(alias.fallbackAfter(Destination.of("last@dest.example"))).isEmpty();
        assertThat(alias.fallbackAfter(Destination.of("stranger@dest.example"))).isEmpty();
    }

    @Test
    void anAliasWithoutFallbacksShouldHaveNone() {
        assertThat(alias(List.of("jane@dest.example"), List.of()).fallbackAfter(Destination.of("jane@dest.example"))).isEmpty();
    }

    @Test
    void aFallbackThatIsAlsoADestinationShouldBeRefused() {
        Alias alias = alias(List.of("jane@dest.example"), List.of("Jane@dest.example"));

        assertThatThrownBy(() -> alias.validate(Limits.DEFAULT))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("fallbacks"));
    }
}
