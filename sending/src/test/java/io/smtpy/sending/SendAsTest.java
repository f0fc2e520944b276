package io.smtpy.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;

class SendAsTest {
    private static final DomainName DOMAIN = DomainName.of("brand.example");

    @Test
    void wholeDomainShouldAllowAnyAddressOfItAndNoOther() throws Exception {
        SendAs sendAs = SendAs.parse(DOMAIN, List.of("*@Brand.Example"), "sendAs");

        assertThat(sendAs.allows(new MailAddress("anyone@brand.example"))).isTrue();
        assertThat(sendAs.allows(new MailAddress("anyone@BRAND.EXAMPLE"))).isTrue();
        assertThat(sendAs.allows(new MailAddress("anyone@sub.brand.example"))).isFalse();
        assertThat(sendAs.allows(new MailAddress("anyone@other.example"))).isFalse();
        assertThat(sendAs.entries()).containsExactly("*@brand.example");
    }

    @Test
    void addressesShouldAllowThemselvesTheirTagsAndNothingElse() throws Exception {
        SendAs sendAs = SendAs.parse(DOMAIN, List.of("Sales@brand.example", "support@brand.example", "sales@brand.example"), "sendAs");

        assertThat(sendAs.entries()).containsExactly("sales@brand.example", "support@brand.example");
        assertThat(sendAs.allows(new MailAddress("SALES@brand.example"))).isTrue();
        assertThat(sendAs.allows(new MailAddress("sales+news@brand.example"))).isTrue();
        assertThat(sendAs.allows(new MailAddress("salesman@brand.example"))).isFalse();
        assertThat(sendAs.allows(new MailAddress("sales@other.example"))).isFalse();
    }

    @Test
    void addressOfAnotherDomainShouldBeRefusedNamingTheField() {
        assertThatThrownBy(() -> SendAs.parse(DOMAIN, List.of("ceo@bank.example"), "sendAs"))
            .isInstanceOf(InvalidFieldException.class)
            .hasMessageContaining("ceo@bank.example")
            .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("sendAs");
    }

    @Test
    void malformedEntriesShouldBeRefused() {
        for (String entry : new String[] {"", "sales", "@brand.example", "a b@brand.example", "x@bad..domain"}) {
            assertThatThrownBy(() -> SendAs.parse(DOMAIN, List.of(entry), "sendAs"))
                .as(entry).isInstanceOf(InvalidFieldException.class);
        }
        assertThatThrownBy(() -> SendAs.parse(DOMAIN, List.of(), "sendAs")).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> SendAs.parse(DOMAIN, Collections.nCopies(SendAs.MAX_ENTRIES + 1, "a@brand.example"), "sendAs"))
            .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void singleShouldNameTheOnlyAddress() {
        assertThat(SendAs.of(DOMAIN, List.of("sales@brand.example")).single()).contains("sales@brand.example");
        assertThat(SendAs.anyAddressOf(DOMAIN).single()).isEmpty();
        assertThat(SendAs.of(DOMAIN, List.of("a@brand.example", "b@brand.example")).single()).isEmpty();
    }
}
