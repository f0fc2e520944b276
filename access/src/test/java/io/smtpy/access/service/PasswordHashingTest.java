package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.InvalidFieldException;

class PasswordHashingTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** Low costs keep the tests fast; the default costs have one test of their own. */
    private final PasswordHashing hashing = new PasswordHashing(1024, 1, 1);

    @Test
    void verifyShouldAcceptTheRightPassword() {
        assertThat(hashing.verify(PASSWORD, hashing.hash(PASSWORD))).isTrue();
    }

    @Test
    void verifyShouldRefuseAWrongPassword() {
        assertThat(hashing.verify("correct horse battery stapler", hashing.hash(PASSWORD))).isFalse();
    }

    @Test
    void hashShouldBeAnArgon2idPhcString() {
        assertThat(hashing.hash(PASSWORD))
            .matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    @Test
    void defaultCostsShouldBeOwaspsAndStillVerify() {
        PasswordHashing defaults = new PasswordHashing();

        String hash = defaults.hash(PASSWORD);

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(defaults.verify(PASSWORD, hash)).isTrue();
    }

    @Test
    void twoHashesOfOnePasswordShouldDifferByTheirSalt() {
        String first = hashing.hash(PASSWORD);
        String second = hashing.hash(PASSWORD);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
    }

    @Test
    void aHashMadeWithOtherParametersShouldStillVerify() {
        String older = new PasswordHashing(2048, 2, 2).hash(PASSWORD);

        assertThat(hashing.verify(PASSWORD, older)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "$",
        "plain text password",
        "5f4dcc3b5aa765d61d8327deb882cf99",
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
        "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=abc,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=1024,t=1,x=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=1024,t=1,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$not base64!",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA$extra",
        "$argon2id$v=19$m=1024,t=0,p=0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$AA"})
    void verifyShouldAnswerFalseForAStoredValueThatIsNotAnArgon2idHash(String stored) {
        assertThat(hashing.verify(PASSWORD, stored)).isFalse();
    }

    @Test
    void checkStrengthShouldAcceptTheShortestAllowedPassword() {
        String shortest = "x".repeat(PasswordHashing.MIN_LENGTH);

        assertThat(PasswordHashing.checkStrength(shortest, "password")).isEqualTo(shortest);
    }

    @Test
    void checkStrengthShouldAcceptTheLongestAllowedPassword() {
        String longest = "x".repeat(PasswordHashing.MAX_LENGTH);

        assertThat(PasswordHashing.checkStrength(longest, "password")).isEqualTo(longest);
    }

    @Test
    void checkStrengthShouldRefuseAPasswordOneCharacterTooShortNamingTheField() {
        assertThatThrownBy(() -> PasswordHashing.checkStrength("x".repeat(PasswordHashing.MIN_LENGTH - 1), "newPassword"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("newPassword"));
    }

    @Test
    void checkStrengthShouldRefuseAPasswordOneCharacterTooLongNamingTheField() {
        assertThatThrownBy(() -> PasswordHashing.checkStrength("x".repeat(PasswordHashing.MAX_LENGTH + 1), "newPassword"))
            .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("newPassword"));
    }

    @Test
    void checkStrengthShouldRefuseAMissingPassword() {
        assertThatThrownBy(() -> PasswordHashing.checkStrength(null, "password"))
            .isInstanceOf(InvalidFieldException.class);
    }
}
