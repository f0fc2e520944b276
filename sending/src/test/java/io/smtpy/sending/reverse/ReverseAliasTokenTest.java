package io.smtpy.sending.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class ReverseAliasTokenTest {
    @Test
    void generatedTokensShouldBeTwentyBase32CharactersAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = ReverseAliasToken.generate().asString();
            assertThat(token).matches("[a-z2-7]{20}");
            seen.add(token);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void addressShouldCarryTheTokenAfterRaPlus() throws Exception {
        ReverseAliasToken token = ReverseAliasToken.of("abcdefghijklmnopqrst");

        MailAddress address = token.addressOn(DomainName.of("brand.example"));

        assertThat(address.asString()).isEqualTo("ra+abcdefghijklmnopqrst@brand.example");
        assertThat(ReverseAliasToken.of(new MailAddress("RA+ABCDEFGHIJKLMNOPQRST@brand.example"))).contains(token);
    }

    @Test
    void otherAddressesShouldNotBeReverseAliases() throws Exception {
        assertThat(ReverseAliasToken.of(new MailAddress("ra@brand.example"))).isEmpty();
        assertThat(ReverseAliasToken.of(new MailAddress("ra+news@brand.example"))).isEmpty();
        assertThat(ReverseAliasToken.of(new MailAddress("ra+abcdefghijklmnopqrs1@brand.example"))).isEmpty();
        assertThat(ReverseAliasToken.of(new MailAddress("rb+abcdefghijklmnopqrst@brand.example"))).isEmpty();
        assertThatThrownBy(() -> ReverseAliasToken.of("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShouldNotShowTheWholeToken() {
        assertThat(ReverseAliasToken.of("abcdefghijklmnopqrst").toString()).doesNotContain("efghijklmnopqrst");
    }
}
