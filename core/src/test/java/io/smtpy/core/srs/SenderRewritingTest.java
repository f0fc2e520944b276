package io.smtpy.core.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

class SenderRewritingTest {
    private static final String SECRET = "first-forwarder-secret-0001";
    private static final String OTHER_SECRET = "another-forwarder-secret-02";
    private static final String NEW_SECRET = "rotated-in-secret-000000003";
    private static final DomainName FORWARDING = DomainName.of("fwd.example");
    private static final DomainName SECOND_FORWARDING = DomainName.of("second.example");
    /** Epoch day 19783, which is 327 modulo 1024. */
    private static final Instant START = Instant.parse("2024-03-01T08:00:00Z");
    /** Epoch day 20476, which is 1020 modulo 1024. */
    private static final Instant NEAR_WRAP = Instant.ofEpochSecond(20476L * 86_400 + 3_600);
    private static final String BASE32 = "[A-Z2-7]";

    private MovableClock clock;
    private SenderRewriting testee;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(START);
        testee = rewriting(SECRET);
    }

    private SenderRewriting rewriting(String... secrets) {
        return new SenderRewriting(SrsSettings.of(List.of(secrets)), clock);
    }

    private static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MailAddress address(String localPart, String domain) {
        try {
            return new MailAddress(localPart, domain);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MailAddress withLocalPart(MailAddress address, String localPart) {
        return address(localPart, address.getDomain().asString());
    }

    private static Reversal reversedTo(String original) {
        return Reversal.reversed(address(original));
    }

    private static Reversal refused(Reversal.Reason reason) {
        return Reversal.refused(reason);
    }

    // forward

    @Test
    void ordinarySenderShouldBecomeSrs0OnTheForwardingDomain() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);

        assertThat(rewritten.asString())
            .matches("SRS0=" + BASE32 + "{8}=" + BASE32 + "{2}=orig\\.example=jane@fwd\\.example");
    }

    @Test
    void timestampShouldBeTheDayModulo1024InTwoBase32Characters() {
        // 327 = 10 * 32 + 7: 'K' and 'H' in the RFC 4648 alphabet.
        assertThat(testee.forward(address("jane@orig.example"), FORWARDING).getLocalPart())
            .startsWith("SRS0=")
            .contains("=KH=orig.example=");
    }

    @Test
    void forwardingTheSameSenderTheSameDayShouldGiveTheSameAddress() {
        MailAddress morning = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofHours(10));

        assertThat(testee.forward(address("jane@orig.example"), FORWARDING)).isEqualTo(morning);
    }

    @Test
    void differentSendersShouldGetDifferentHashes() {
        String jane = testee.forward(address("jane@orig.example"), FORWARDING).getLocalPart();
        String john = testee.forward(address("john@orig.example"), FORWARDING).getLocalPart();

        assertThat(jane.substring(5, 13)).isNotEqualTo(john.substring(5, 13));
    }

    @Test
    void nullSenderShouldBeKept() {
        assertThat(testee.forward(MailAddress.nullSender(), FORWARDING)).isEqualTo(MailAddress.nullSender());
    }

    @Test
    void senderAlreadyOnTheForwardingDomainShouldBeKept() {
        MailAddress sender = address("Jane@FWD.example");

        assertThat(testee.forward(sender, FORWARDING)).isSameAs(sender);
    }

    @Test
    void srsAddressOfTheForwardingDomainItselfShouldBeKept() {
        MailAddress once = testee.forward(address("jane@orig.example"), FORWARDING);

        assertThat(testee.forward(once, FORWARDING)).isSameAs(once);
    }

    @Test
    void srs0OfAnotherForwarderShouldBecomeSrs1KeepingTheFirstForwarder() {
        MailAddress fromFirst = rewriting(OTHER_SECRET).forward(address("jane@orig.example"), FORWARDING);

        MailAddress rewritten = testee.forward(fromFirst, SECOND_FORWARDING);

        assertThat(rewritten.asString()).isEqualTo("SRS1=" + rewritten.getLocalPart().substring(5, 13)
            + "=fwd.example==" + fromFirst.getLocalPart().substring(5) + "@second.example");
    }

    @Test
    void srs1OfAnotherForwarderShouldBeRehashedWithOurSecret() {
        MailAddress incoming = address("SRS1=ZZZZZZZZ=first.example==ABCD=KH=orig.example=jane@third.example");

        MailAddress rewritten = testee.forward(incoming, FORWARDING);

        assertThat(rewritten.getLocalPart())
            .matches("SRS1=" + BASE32 + "{8}=first\\.example==ABCD=KH=orig\\.example=jane")
            .doesNotStartWith("SRS1=ZZZZZZZZ=");
        assertThat(testee.reverse(rewritten))
            .isEqualTo(reversedTo("SRS0=ABCD=KH=orig.example=jane@first.example"));
    }

    @Test
    void srs0WithPlusSeparatorOfAnotherForwarderShouldKeepItsSeparatorThroughSrs1() {
        MailAddress incoming = address("SRS0+xyz1=KH=orig.example=jane@other.example");

        MailAddress rewritten = testee.forward(incoming, FORWARDING);

        assertThat(rewritten.getLocalPart()).endsWith("=other.example=+xyz1=KH=orig.example=jane");
        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("SRS0+xyz1=KH=orig.example=jane@other.example"));
    }

    @Test
    void srsLookingSenderWithMissingFieldsShouldBeRewrittenAsAnOrdinarySender() {
        MailAddress sender = address("SRS0=oops@other.example");

        MailAddress rewritten = testee.forward(sender, FORWARDING);

        assertThat(rewritten.getLocalPart()).matches("SRS0=" + BASE32 + "{8}=KH=other\\.example=SRS0=oops");
        assertThat(testee.reverse(rewritten)).isEqualTo(Reversal.reversed(sender));
    }

    // reverse: round trips

    @Test
    void reverseShouldGiveBackTheOriginalSender() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void equalsSignsInTheLocalPartShouldSurviveARoundTrip() {
        MailAddress rewritten = testee.forward(address("local=with=equals@orig.example"), FORWARDING);

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("local=with=equals@orig.example"));
    }

    @Test
    void plusTagInTheLocalPartShouldSurviveARoundTrip() {
        MailAddress rewritten = testee.forward(address("jane+news@orig.example"), FORWARDING);

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane+news@orig.example"));
    }

    @Test
    void caseOfTheLocalPartShouldSurviveARoundTrip() {
        MailAddress rewritten = testee.forward(address("Jane.Doe@orig.example"), FORWARDING);

        assertThat(testee.reverse(rewritten).address().map(MailAddress::getLocalPart)).contains("Jane.Doe");
    }

    @Test
    void upperCaseOriginalDomainShouldSurviveARoundTrip() {
        MailAddress rewritten = testee.forward(address("jane@ORIG.Example"), FORWARDING);

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void quotedLocalPartShouldSurviveARoundTrip() {
        MailAddress sender = address("\"jane doe\"@orig.example");

        MailAddress rewritten = testee.forward(sender, FORWARDING);

        assertThat(rewritten.getLocalPart()).startsWith("\"SRS0=").endsWith("=orig.example=jane doe\"");
        assertThat(testee.reverse(rewritten)).isEqualTo(Reversal.reversed(sender));
    }

    @Test
    void doubleForwardingShouldReverseToTheFirstForwarderThenToTheOriginal() {
        SenderRewriting first = rewriting(OTHER_SECRET);
        MailAddress viaFirst = first.forward(address("jane@orig.example"), FORWARDING);
        MailAddress viaSecond = testee.forward(viaFirst, SECOND_FORWARDING);

        Reversal atSecond = testee.reverse(viaSecond);

        assertThat(atSecond).isEqualTo(Reversal.reversed(viaFirst));
        assertThat(first.reverse(atSecond.address().orElseThrow())).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void srs1ShouldBeReversedWhateverItsAgeAsOnlyTheFirstForwarderStampsIt() {
        SenderRewriting first = rewriting(OTHER_SECRET);
        MailAddress viaFirst = first.forward(address("jane@orig.example"), FORWARDING);
        MailAddress viaSecond = testee.forward(viaFirst, SECOND_FORWARDING);
        clock.moveBy(Duration.ofDays(100));

        assertThat(testee.reverse(viaSecond)).isEqualTo(Reversal.reversed(viaFirst));
        assertThat(first.reverse(viaFirst)).isEqualTo(refused(Reversal.Reason.EXPIRED));
    }

    // reverse: case

    @Test
    void upperCasedSrsAddressShouldStillReverse() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        MailAddress upper = withLocalPart(rewritten, rewritten.getLocalPart().toUpperCase(Locale.ROOT));

        assertThat(testee.reverse(upper)).isEqualTo(reversedTo("JANE@orig.example"));
    }

    @Test
    void lowerCasedSrsAddressShouldStillReverse() {
        MailAddress rewritten = testee.forward(address("Jane@orig.example"), FORWARDING);
        MailAddress lower = withLocalPart(rewritten, rewritten.getLocalPart().toLowerCase(Locale.ROOT));

        assertThat(testee.reverse(lower)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void lowerCasedSrs1AddressShouldStillReverse() {
        MailAddress viaFirst = rewriting(OTHER_SECRET).forward(address("jane@orig.example"), FORWARDING);
        MailAddress viaSecond = testee.forward(viaFirst, SECOND_FORWARDING);
        MailAddress lower = withLocalPart(viaSecond, viaSecond.getLocalPart().toLowerCase(Locale.ROOT));

        assertThat(testee.reverse(lower).address().map(MailAddress::asString))
            .hasValueSatisfying(reversed -> assertThat(reversed).isEqualToIgnoringCase(viaFirst.asString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "-"})
    void plusAndMinusShouldBeAcceptedAsSeparatorAfterTheScheme(String separator) {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        MailAddress variant = withLocalPart(rewritten, "SRS0" + separator + rewritten.getLocalPart().substring(5));

        assertThat(testee.reverse(variant)).isEqualTo(reversedTo("jane@orig.example"));
    }

    // reverse: forgery and secrets

    @Test
    void alteredHashShouldBeRefusedAsForged() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        String local = rewritten.getLocalPart();
        char changed = local.charAt(5) == 'A' ? 'B' : 'A';
        MailAddress forged = withLocalPart(rewritten, local.substring(0, 5) + changed + local.substring(6));

        assertThat(testee.reverse(forged)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void originalAddressChangedAfterSigningShouldBeRefusedAsForged() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        MailAddress redirected = withLocalPart(rewritten, rewritten.getLocalPart().replace("=orig.example=", "=victim.example="));

        assertThat(testee.reverse(redirected)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void changedTimestampShouldBeRefusedAsForged() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        MailAddress restamped = withLocalPart(rewritten, rewritten.getLocalPart().replace("=KH=", "=KI="));

        assertThat(testee.reverse(restamped)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void hashMadeUpByHandShouldBeRefusedAsForged() {
        assertThat(testee.reverse(address("SRS0=AAAAAAAA=KH=orig.example=jane@fwd.example")))
            .isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void forgedSrs1ShouldBeRefused() {
        assertThat(testee.reverse(address("SRS1=AAAAAAAA=first.example==ABCD=KH=orig.example=jane@fwd.example")))
            .isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void addressSignedWithAnotherSecretShouldBeRefusedAsForged() {
        MailAddress rewritten = rewriting(OTHER_SECRET).forward(address("jane@orig.example"), FORWARDING);

        assertThat(testee.reverse(rewritten)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void addressSignedWithTheOldSecretShouldStillReverseAfterRotation() {
        MailAddress beforeRotation = rewriting(SECRET).forward(address("jane@orig.example"), FORWARDING);

        assertThat(rewriting(NEW_SECRET, SECRET).reverse(beforeRotation)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void newAddressesShouldBeSignedWithTheFirstSecret() {
        MailAddress afterRotation = rewriting(NEW_SECRET, SECRET).forward(address("jane@orig.example"), FORWARDING);

        assertThat(rewriting(NEW_SECRET).reverse(afterRotation)).isEqualTo(reversedTo("jane@orig.example"));
        assertThat(rewriting(SECRET).reverse(afterRotation)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    @Test
    void addressSignedWithADroppedSecretShouldBeRefusedAsForged() {
        MailAddress beforeRotation = rewriting(SECRET).forward(address("jane@orig.example"), FORWARDING);

        assertThat(rewriting(NEW_SECRET).reverse(beforeRotation)).isEqualTo(refused(Reversal.Reason.FORGED));
    }

    // reverse: age

    @Test
    void addressShouldStillReverseExactlyAtTheMaximumAge() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(21));

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void addressShouldExpireOneDayAfterTheMaximumAge() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(22));

        assertThat(testee.reverse(rewritten)).isEqualTo(refused(Reversal.Reason.EXPIRED));
    }

    @Test
    void configuredMaximumAgeShouldApply() {
        SenderRewriting shortLived = new SenderRewriting(SrsSettings.of(List.of(SECRET), Duration.ofDays(3)), clock);
        MailAddress rewritten = shortLived.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(3));
        Reversal atMaxAge = shortLived.reverse(rewritten);
        clock.moveBy(Duration.ofDays(1));

        assertThat(atMaxAge.isReversed()).isTrue();
        assertThat(shortLived.reverse(rewritten)).isEqualTo(refused(Reversal.Reason.EXPIRED));
    }

    @Test
    void ageShouldBeCountedAcrossTheWrapAroundAt1024Days() {
        clock.moveTo(NEAR_WRAP);
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(10));

        assertThat(rewritten.getLocalPart()).contains("=74="); // 1020 = 31 * 32 + 28: '7' and '4'
        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void addressShouldExpireAcrossTheWrapAroundAt1024Days() {
        clock.moveTo(NEAR_WRAP);
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(30));

        assertThat(testee.reverse(rewritten)).isEqualTo(refused(Reversal.Reason.EXPIRED));
    }

    @Test
    void timestampOneDayInTheFutureShouldBeAcceptedForClockSkew() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(-1));

        assertThat(testee.reverse(rewritten)).isEqualTo(reversedTo("jane@orig.example"));
    }

    @Test
    void timestampMoreThanOneDayInTheFutureShouldBeRefused() {
        MailAddress rewritten = testee.forward(address("jane@orig.example"), FORWARDING);
        clock.moveBy(Duration.ofDays(-2));

        assertThat(testee.reverse(rewritten)).isEqualTo(refused(Reversal.Reason.EXPIRED));
    }

    // reverse: not SRS, malformed

    @ParameterizedTest
    @ValueSource(strings = {"jane@fwd.example", "srs2=AAAAAAAA=KH=orig.example=jane@fwd.example",
        "SRS0@fwd.example", "SRS0x=AAAAAAAA=KH=orig.example=jane@fwd.example", "xSRS0=AAAAAAAA@fwd.example"})
    void addressWithoutAnSrsPrefixShouldBeRefusedAsNotSrs(String raw) {
        assertThat(testee.reverse(address(raw))).isEqualTo(refused(Reversal.Reason.NOT_SRS));
    }

    @Test
    void nullSenderShouldBeRefusedAsNotSrs() {
        assertThat(testee.reverse(MailAddress.nullSender())).isEqualTo(refused(Reversal.Reason.NOT_SRS));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SRS0=",
        "SRS0=AAAAAAAA",
        "SRS0=AAAAAAAA=KH",
        "SRS0=AAAAAAAA=KH=orig.example",
        "SRS0=AAAAAAAA=KH=orig.example=",
        "SRS0==KH=orig.example=jane",
        "SRS0=AAAAAAAA==orig.example=jane",
        "SRS0=AAAAAAAA=KH==jane",
        "SRS0=AAAA=KH=orig.example=jane",
        "SRS0=AAAAAAAAA=KH=orig.example=jane",
        "SRS0=AAAAAAA1=KH=orig.example=jane",
        "SRS0=AAAAAAAA=K8=orig.example=jane",
        "SRS0=AAAAAAAA=KHA=orig.example=jane",
        "SRS0=AAAA{AAA=KH=orig.example=jane",
        "SRS1=",
        "SRS1=AAAAAAAA",
        "SRS1=AAAAAAAA=first.example",
        "SRS1=AAAAAAAA=first.example=",
        "SRS1=AAAAAAAA==first.example",
        "SRS1=AAAAAAAA=first.example==",
        "SRS1=AAAAAAAA=first.example==ABCD=KH=orig.example",
        "SRS1=AAAAAAAA=first.example=xABCD=KH=orig.example=jane",
        "SRS1==first.example==ABCD=KH=orig.example=jane",
        "SRS1=AAAAAAA0=first.example==ABCD=KH=orig.example=jane",
        "SRS1=AAAA=first.example==ABCD=KH=orig.example=jane"})
    void addressWithMissingOrBadFieldsShouldBeRefusedAsMalformed(String localPart) {
        assertThat(testee.reverse(address(localPart, "fwd.example"))).isEqualTo(refused(Reversal.Reason.MALFORMED));
    }

    @Test
    void quotedSrsLookingLocalPartShouldBeRefusedAsMalformed() {
        assertThat(testee.reverse(address("\"SRS0=a b\"@fwd.example"))).isEqualTo(refused(Reversal.Reason.MALFORMED));
    }

    // isSrs

    @ParameterizedTest
    @ValueSource(strings = {"SRS0=AAAAAAAA=KH=orig.example=jane@fwd.example", "srs0=x@fwd.example",
        "SRS1=AAAAAAAA=first.example==ABCD=KH=orig.example=jane@fwd.example", "Srs1+x@fwd.example",
        "SRS0-x@fwd.example", "SRS0=@fwd.example"})
    void addressesWithAnSrsPrefixShouldBeSrs(String raw) {
        assertThat(testee.isSrs(address(raw))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane@orig.example", "SRS2=x@fwd.example", "SRS0@fwd.example", "SRS0_x@fwd.example",
        "my.SRS0=x@fwd.example"})
    void addressesWithoutAnSrsPrefixShouldNotBeSrs(String raw) {
        assertThat(testee.isSrs(address(raw))).isFalse();
    }

    @Test
    void nullSenderShouldNotBeSrs() {
        assertThat(testee.isSrs(MailAddress.nullSender())).isFalse();
    }

    @Test
    void forwardedAddressShouldBeSrs() {
        assertThat(testee.isSrs(testee.forward(address("jane@orig.example"), FORWARDING))).isTrue();
    }
}
