package io.smtpy.auth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class AuthorDomainTest {

    private static AuthorDomain ofHeaders(String headers) {
        return AuthorDomain.fromMessage((headers + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static AuthorDomain ofFrom(String value) {
        return AuthorDomain.fromFieldValue(value);
    }

    @Test
    void plainAddressShouldGiveItsDomainInLowerCase() {
        assertThat(ofHeaders("From: alice@Example.COM\r\nTo: bob@example.net\r\n").domain()).contains("example.com");
    }

    @Test
    void displayNameAndAngleAddressShouldGiveTheAddressDomain() {
        assertThat(ofFrom(" Alice Example <alice@example.com>").domain()).contains("example.com");
    }

    @Test
    void quotedDisplayNameWithCommaAndAtShouldNotSplitTheAddress() {
        assertThat(ofFrom(" \"Doe, John (j@evil.test)\" <john@example.com>").domain()).contains("example.com");
    }

    @Test
    void quotedDisplayNameWithEscapedQuoteShouldBeSkipped() {
        assertThat(ofFrom(" \"A \\\"quoted\\\" <x@evil.test>\" <a@example.com>").domain()).contains("example.com");
    }

    @Test
    void commentsShouldBeIgnoredWherever() {
        assertThat(ofFrom(" (the boss (really) <ceo@evil.test>) alice@example.com (Alice)").domain()).contains("example.com");
        assertThat(ofFrom(" Alice <alice(x)@(y)example.com>").domain()).contains("example.com");
    }

    @Test
    void foldedFieldShouldBeUnfolded() {
        AuthorDomain author = ofHeaders("Subject: hi\r\nFrom: \"Alice\r\n Example\"\r\n\t<alice@\r\n example.com>\r\nTo: b@x.test");

        assertThat(author.domain()).contains("example.com");
    }

    @Test
    void encodedWordDisplayNameShouldNotBeDecodedIntoAnAddress() {
        AuthorDomain author = ofFrom(" =?utf-8?q?ceo=40bank.example_=3Cceo=40bank.example=3E?= <x@attacker.test>");

        assertThat(author.domain()).contains("attacker.test");
    }

    @Test
    void internationalisedDomainShouldBeGivenInALabels() {
        assertThat(ofHeaders("From: Jörg <jörg@bücher.example>").domain()).contains("xn--bcher-kva.example");
    }

    @Test
    void obsoleteRouteShouldBeSkipped() {
        assertThat(ofFrom(" <@relay.test,@other.test:alice@example.com>").domain()).contains("example.com");
    }

    @Test
    void fieldNameShouldBeCaseInsensitiveAndMayHaveSpaceBeforeColon() {
        assertThat(ofHeaders("FROM : alice@example.com").domain()).contains("example.com");
    }

    @Test
    void lfLineEndsShouldBeAccepted() {
        AuthorDomain author = AuthorDomain.fromMessage("To: b@x.test\nFrom: a@example.com\n\nbody".getBytes(StandardCharsets.UTF_8));

        assertThat(author.domain()).contains("example.com");
    }

    @Test
    void fromInTheBodyShouldNotCount() {
        AuthorDomain author = ofHeaders("From: a@example.com\r\n\r\nFrom: b@evil.test");

        assertThat(author.domain()).contains("example.com");
    }

    @Test
    void missingFromShouldBeNoFromField() {
        AuthorDomain author = ofHeaders("To: b@x.test\r\nSubject: no author\r\n");

        assertThat(author.domain()).isEmpty();
        assertThat(author.problem()).contains(AuthorProblem.NO_FROM_FIELD);
        assertThat(AuthorProblem.NO_FROM_FIELD.status().token()).isEqualTo("none");
    }

    @Test
    void emptyMessageShouldHaveNoFromField() {
        assertThat(AuthorDomain.fromMessage(new byte[0]).problem()).contains(AuthorProblem.NO_FROM_FIELD);
        assertThat(AuthorDomain.fromMessage(null).problem()).contains(AuthorProblem.NO_FROM_FIELD);
    }

    @Test
    void twoFromFieldsShouldBeAProblemEvenWithTheSameDomain() {
        AuthorDomain author = ofHeaders("From: a@example.com\r\nFrom: b@example.com\r\n");

        assertThat(author.problem()).contains(AuthorProblem.SEVERAL_FROM_FIELDS);
        assertThat(author.description()).contains("the message has 2 From fields");
    }

    @Test
    void mboxSeparatorLineShouldNotHideASecondFromField() {
        AuthorDomain author = ofHeaders("From a@example.com Mon Jan 1 00:00:00 2024\r\nFrom: a@example.com\r\nnot a header\r\nFrom: b@evil.test");

        assertThat(author.problem()).contains(AuthorProblem.SEVERAL_FROM_FIELDS);
    }

    @Test
    void twoAddressesInDifferentDomainsShouldBeSeveralAuthorDomains() {
        AuthorDomain author = ofFrom(" a@example.com, \"Boss\" <b@evil.test>");

        assertThat(author.domain()).isEmpty();
        assertThat(author.problem()).contains(AuthorProblem.SEVERAL_AUTHOR_DOMAINS);
        assertThat(AuthorProblem.SEVERAL_AUTHOR_DOMAINS.status().token()).isEqualTo("permerror");
    }

    @Test
    void twoAddressesInOneDomainShouldGiveThatDomain() {
        assertThat(ofFrom(" a@example.com, B <b@EXAMPLE.com>").domain()).contains("example.com");
    }

    @Test
    void unquotedCommaInDisplayNameShouldBeMalformed() {
        AuthorDomain author = ofFrom(" Doe, John <john@example.com>");

        assertThat(author.problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(author.description().orElseThrow()).contains("not an address list");
    }

    @Test
    void malformedValuesShouldHaveNoAuthorDomain() {
        assertThat(ofFrom(" \"unterminated <a@example.com>").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" (unterminated a@example.com").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" <>").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" alice").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" alice@").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" <alice@example.com").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom("").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
    }

    @Test
    void addressLiteralShouldHaveNoAuthorDomain() {
        assertThat(ofFrom(" alice@[192.0.2.1]").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
    }

    @Test
    void invalidDomainShouldHaveNoAuthorDomain() {
        assertThat(ofFrom(" alice@" + "a".repeat(64) + ".example").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(ofFrom(" alice@exa\u0001mple.com").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
    }

    @Test
    void groupShouldGiveItsMembersDomain() {
        assertThat(ofFrom(" Team: a@example.com, b@example.com;").domain()).contains("example.com");
    }

    @Test
    void emptyGroupShouldHaveNoAuthorDomain() {
        assertThat(ofFrom(" undisclosed-recipients:;").problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
    }

    @Test
    void nonUtf8BytesInTheFromFieldShouldNotBreakTheDomain() {
        byte[] message = "From: \"Ren\u00e9\" <rene@example.com>\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(AuthorDomain.fromMessage(message).domain()).contains("example.com");
    }

    @Test
    void thousandsOfFromFieldsShouldBeCountedQuickly() {
        String headers = "From: a@example.com\r\n".repeat(100_000);
        long start = System.nanoTime();

        AuthorDomain author = ofHeaders(headers);

        assertThat(author.problem()).contains(AuthorProblem.SEVERAL_FROM_FIELDS);
        assertThat(author.description()).contains("the message has 100000 From fields");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void hugeFromFieldShouldBeRefusedWithoutParsingItAll() {
        AuthorDomain author = ofHeaders("From: " + "(x)".repeat(1_000_000) + " a@example.com");

        assertThat(author.problem()).contains(AuthorProblem.NO_AUTHOR_DOMAIN);
        assertThat(author.description().orElseThrow()).contains("longer than");
    }

    @Test
    void hugeHeaderBlockShouldBeScannedQuickly() {
        String headers = ("X-Filler: " + "z".repeat(900) + "\r\n").repeat(20_000) + "From: a@example.com";
        long start = System.nanoTime();

        AuthorDomain author = ofHeaders(headers);

        assertThat(author.domain()).contains("example.com");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void deeplyNestedCommentsShouldNotOverflowTheStack() {
        AuthorDomain author = ofFrom(" " + "(".repeat(20_000) + ")".repeat(20_000) + " a@example.com");

        assertThat(author.domain()).contains("example.com");
    }

    @Test
    void manyAddressesShouldBeSeveralAuthorDomainsQuickly() {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            value.append(i == 0 ? " " : ", ").append("u").append(i).append("@d").append(i).append(".example");
        }

        assertThat(ofFrom(value.toString()).problem()).contains(AuthorProblem.SEVERAL_AUTHOR_DOMAINS);
    }
}
