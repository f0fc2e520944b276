package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ForwardedSignaturesTest {
    @Test
    void aNewDomainShouldForwardWithArcAndDkimAsBefore() {
        Domain domain = Domain.builder(DomainName.of("example.com")).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();
        assertThat(domain.forwardedSignatures()).isEqualTo(ForwardedSignatures.ARC_AND_DKIM);
        assertThat(domain.toBuilder().build().forwardedSignatures()).isEqualTo(ForwardedSignatures.ARC_AND_DKIM);
    }

    @Test
    void eachChoiceShouldSayWhatItSigns() {
        assertThat(ForwardedSignatures.ARC_AND_DKIM.arcSeal()).isTrue();
        assertThat(ForwardedSignatures.ARC_AND_DKIM.dkimSign()).isTrue();
        assertThat(ForwardedSignatures.ARC.arcSeal()).isTrue();
        assertThat(ForwardedSignatures.ARC.dkimSign()).isFalse();
        assertThat(ForwardedSignatures.NONE.arcSeal()).isFalse();
        assertThat(ForwardedSignatures.NONE.dkimSign()).isFalse();
    }

    @Test
    void theApiNamesShouldParseAndOthersBeRefusedNamingTheField() {
        assertThat(ForwardedSignatures.parse("ARC+DKIM", "f")).isEqualTo(ForwardedSignatures.ARC_AND_DKIM);
        assertThat(ForwardedSignatures.parse("arc", "f")).isEqualTo(ForwardedSignatures.ARC);
        assertThat(ForwardedSignatures.parse("none", "f")).isEqualTo(ForwardedSignatures.NONE);
        assertThatThrownBy(() -> ForwardedSignatures.parse("dkim", "forwardedSignatures"))
            .isInstanceOf(InvalidFieldException.class).hasMessageContaining("arc+dkim, arc or none");
    }
}
