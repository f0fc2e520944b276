package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationTest {

    @Test
    void domainShouldBeLowerCasedAndLocalPartKept() {
        assertThat(Destination.of("Jane.Doe@Dest.EXAMPLE").asString()).isEqualTo("Jane.Doe@dest.example");
    }

    @Test
    void destinationsDifferingOnlyByCaseShouldBeEqual() {
        assertThat(Destination.of("jane@dest.example")).isEqualTo(Destination.of("JANE@Dest.example"));
    }

    @Test
    void internationalisedDomainsShouldBeConvertedToAscii() {
        assertThat(Destination.of("jane@bücher.example").asString()).isEqualTo("jane@xn--bcher-kva.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@[127.0.0.1]", "jane@localhost", "jane", "@dest.example", "jane@", "ja ne@dest.example",
        "jane@dest..example", "<>"})
    void addressesThatCannotBeForwardedToShouldBeRefused(String raw) {
        assertThatThrownBy(() -> Destination.of(raw))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(raw);
    }
}
