package io.smtpy.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPartTest {
    /** The rule as a regex: what the hand-written check in {@link LocalPart#of} must agree with. */
    private static final Pattern DOT_ATOM = Pattern.compile("[a-z0-9!#$%&'*/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*/=?^_`{|}~-]+)*");
    private static final String ALPHABET = "aZ09.!#$%&'*/=?^_`{|}~-+ \"@\\()[],;:<>\u00e9\u212a\u0130\u00df";

    @ParameterizedTest
    @ValueSource(strings = {"info", "Info.Desk", "o'hara", "a.b.c", "x!#$%&'*/=?^_`{|}~-", "\u212anfo"})
    void dotAtomsShouldBeAccepted(String raw) {
        assertThat(LocalPart.of(raw).asString()).isEqualTo(raw.toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {".info", "info.", "in..fo", "a b", "\"quoted\"", "caf\u00e9", "a@b", "."})
    void anythingElseShouldBeRefused(String raw) {
        assertThatThrownBy(() -> LocalPart.of(raw)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a valid dot-atom");
    }

    @Test
    void checkShouldAgreeWithTheRegexOnRandomText() {
        Random random = new Random(7);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder raw = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                raw.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String lower = raw.toString().toLowerCase(Locale.ROOT);
            boolean expected = lower.indexOf('+') < 0 && DOT_ATOM.matcher(lower).matches();
            assertThat(accepts(raw.toString())).as(raw.toString()).isEqualTo(expected);
        }
    }

    private static boolean accepts(String raw) {
        try {
            LocalPart.of(raw);
            return true;
        } catch (IllegalArgumentException refused) {
            return false;
        }
    }
}
