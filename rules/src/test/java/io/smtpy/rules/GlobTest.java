package io.smtpy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
        "*.pdf, q3.pdf, true",
        "*.pdf, q3.pdf.exe, false",
        "invoice-??.pdf, invoice-07.pdf, true",
        "invoice-??.pdf, invoice-7.pdf, false",
        "*, '', true",
        "'', '', true",
        "'', a, false",
        "a*b*c, abc, true",
        "a*b*c, axxbyyc, true",
        "a*b*c, acb, false",
        "a*b*c, abcbc, true",
        "*ab*ab*, xabab, true",
        "*ab*ab*, xab, false",
        "a*a, a, false",
        "?*, x, true",
        "?*, '', false",
        "news*@shop.example, newsletter@shop.example, true",
        "*@*.example, bob@mail.example, true",
        "*@*.example, bob@example, false"})
    void shouldMatchWholeTexts(String glob, String text, boolean matches) {
        assertThat(new Glob(glob).matches(text)).isEqualTo(matches);
    }
}
