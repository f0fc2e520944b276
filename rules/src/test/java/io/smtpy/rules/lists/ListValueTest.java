package io.smtpy.rules.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.InvalidFieldException;

class ListValueTest {

    @ParameterizedTest
    @CsvSource({
        "A@B.Example, a@b.example, ADDRESS",
        "b.example, b.example, DOMAIN",
        "@B.example, b.example, DOMAIN",
        "*@b.example, b.example, DOMAIN",
        "Bücher.example, xn--bcher-kva.example, DOMAIN",
        "*.b.example, *@*.b.example, WILDCARD",
        "*@*.b.example, *@*.b.example, WILDCARD",
        "@*.example, *@*.example, WILDCARD",
        "*.example, *@*.example, WILDCARD",
        "news*@shop.example, news*@shop.example, WILDCARD",
        "news**@shop.example, news*@shop.example, WILDCARD",
        "info@*, info@*, WILDCARD",
        "*, *@*, WILDCARD",
        "192.0.2.7, 192.0.2.7, NETWORK",
        "192.0.2.7/24, 192.0.2.0/24, NETWORK",
        "192.0.2.7/32, 192.0.2.7, NETWORK",
        "2001:DB8::1/32, 2001:db8::/32, NETWORK",
        "2001:db8:0:0::1, 2001:db8::1, NETWORK",
        "0.0.0.0/0, 0.0.0.0/0, NETWORK",
    })
    void valuesShouldBeNormalised(String raw, String normalised, ListValue.Kind kind) {
        ListValue value = ListValue.parse(raw);

        assertThat(value.asString()).isEqualTo(normalised);
        assertThat(value.kind()).isEqualTo(kind);
        assertThat(ListValue.parse(normalised)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "a b@c.example", "@", "a@", "localhost", "a@-bad-.example", "shop*.example",
        "a@sh*op.example", "*.", "*.-x", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.300", "1.2.3",
        "\"a b\"@c.example", "2001:db8:::1", "a@b.123"})
    void malformedValuesShouldBeRefusedNamingTheValueField(String raw) {
        assertThatThrownBy(() -> ListValue.parse(raw))
            .isInstanceOf(InvalidFieldException.class)
            .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("value"));
    }

    @ParameterizedTest
    @CsvSource({
        "*, anything, true",
        "news*, news, true",
        "news*, newsletter, true",
        "news*, thenews, false",
        "*news, thenews, true",
        "a*b*c, abc, true",
        "a*b*c, aXbYc, true",
        "a*b*c, acb, false",
        "ab*ba, aba, false",
        "exact, exact, true",
        "exact, exactly, false",
    })
    void globShouldMatchStarsOnly(String pattern, String text, boolean matches) {
        assertThat(ScopeIndex.glob(pattern, text)).isEqualTo(matches);
    }
}
