package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.IDN;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainNameTest {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final String ALPHABET = "ab09-.-.xn-Z\u00fc_";

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "Example.COM, example.com",
        "example.com., example.com",
        "B\u00fccher.example, xn--bcher-kva.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "a-b.c0, a-b.c0",
        "0.a, 0.a"
    })
    void nameShouldComeOutInItsAsciiLowerCaseForm(String raw, String ascii) {
        assertThat(DomainName.of(raw).asString()).isEqualTo(ascii);
    }

    @Test
    void namesThatAreAlreadyCanonicalShouldComeOutAsTheFullConversionMakesThem() {
        Random random = new Random(11);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder raw = new StringBuilder();
            int length = 1 + random.nextInt(10);
            for (int i = 0; i < length; i++) {
                raw.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String name = raw.toString();
            assertThat(outcome(name)).as(name).isEqualTo(fullConversion(name));
        }
    }

    @Test
    void limitsShouldHoldOnTheFastPathToo() {
        String label63 = "a".repeat(63);
        String name253 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);
        for (String name : new String[] {label63 + ".example", "a".repeat(64) + ".example", name253, name253 + "b", "a.123", "a.1-2"}) {
            assertThat(outcome(name)).as(name).isEqualTo(fullConversion(name));
        }
    }

    private static String outcome(String name) {
        try {
            return DomainName.of(name).asString();
        } catch (IllegalArgumentException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    /** {@link DomainName#of} as it was before its fast path: IDN conversion, then the rules by regex. */
    private static String fullConversion(String name) {
        String candidate = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String ascii;
        try {
            ascii = IDN.toASCII(candidate, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "refused: '" + name + "' is not a valid domain name: " + e.getMessage();
        }
        if (ascii.length() > 253) {
            return "refused: domain name is longer than 253 characters";
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return "refused: '" + name + "' is not a valid domain name: it needs at least two labels";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "refused: '" + name + "' is not a valid domain name: empty label";
            }
            if (label.length() > 63) {
                return "refused: '" + name + "' is not a valid domain name: label '" + label + "' is longer than 63 characters";
            }
            if (!LABEL.matcher(label).matches()) {
                return "refused: '" + name + "' is not a valid domain name: label '" + label
                    + "' may hold only letters, digits and inner hyphens";
            }
        }
        if (ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return "refused: '" + name + "' is not a valid domain name: the top-level label is numeric";
        }
        return ascii;
    }
}
