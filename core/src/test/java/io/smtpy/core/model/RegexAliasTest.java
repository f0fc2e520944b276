package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class RegexAliasTest {

    @Test
    void groupsShouldFillTheTemplates() {
        RegexAlias alias = RegexAlias.of("^(sales|support)-(.+)$", List.of("$2@$1.example", "log@dest.example"), 1, "", Limits.DEFAULT);

        assertThat(alias.resolve(LocalPart.of("support-jane")).orElseThrow())
            .extracting(Destination::asString)
            .containsExactly("jane@support.example", "log@dest.example");
        assertThat(alias.resolve(LocalPart.of("other"))).isEmpty();
    }

    @Test
    void templateErrorsShouldNameTheTemplateAndItsIndex() {
        assertThatThrownBy(() -> RegexAlias.of("^(a)$", List.of("ok@dest.example", "$1"), 1, "", Limits.DEFAULT))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("'$1' does not make a valid address")
            .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("destinations[1]");
    }

    @Test
    void tooManyDestinationsShouldBeRefused() {
        assertThatThrownBy(() -> RegexAlias.of("^a$", List.of("a@x.example", "b@x.example"), 1, "", Limits.DEFAULT.withMaxDestinations(1)))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("at most 1");
    }
}
