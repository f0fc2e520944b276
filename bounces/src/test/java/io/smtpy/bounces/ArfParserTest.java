package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArfParserTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rfc5965-example.eml, ABUSE,    SomeGenerator/1.0,       192.0.2.1",
        "yahoo-fbl.eml,       ABUSE,    Yahoo!-Mail-Feedback/2.0, 203.0.113.7",
        "microsoft-jmrp.eml,  ABUSE,    Hotmail FBL,             203.0.113.7",
        "aol-scomp.eml,       ABUSE,    AOL SComp,               203.0.113.7",
        "arf-not-spam.eml,    NOT_SPAM, MailboxExample-FBL/3.1,  2001:db8::25",
    })
    void complaintShouldBeRead(String sample, FeedbackType type, String userAgent, String sourceIp) {
        FeedbackReport report = ArfParser.parse(Samples.read(sample));

        assertThat(report.isValid()).as(report.toString()).isTrue();
        assertThat(report.feedbackType()).isEqualTo(type);
        assertThat(report.userAgent()).contains(userAgent);
        assertThat(report.sourceIp()).contains(sourceIp);
    }

    @Test
    void rfcExampleShouldCarryEveryField() {
        FeedbackReport report = ArfParser.parse(Samples.read("rfc5965-example.eml"));

        assertThat(report.version()).contains("1");
        assertThat(report.originalMailFrom()).contains("somespammer@example.net");
        assertThat(report.originalRcptTo()).containsExactly("user@example.com");
        assertThat(report.arrivalDate()).contains("Thu, 8 Mar 2005 14:00:00 EDT");
        assertThat(report.reportedDomains()).containsExactly("example.net");
        assertThat(report.original().messageId()).contains("8787KJKJ3K4J3K4J3K4J3.mail@example.net");
        assertThat(report.original().forwardedBySmtpy()).isFalse();
    }

    @Test
    void yahooComplaintShouldBeTiedToOurMessageAndAlias() {
        FeedbackReport report = ArfParser.parse(Samples.read("yahoo-fbl.eml"));

        assertThat(report.originalMailFrom()).contains("SRS0=Ss3u=RE=promo.example=deals@fwd.example.net");
        assertThat(report.arrivalDate()).as("the older Received-Date field").contains("Sun, 6 Oct 2024 07:01:02 +0000");
        assertThat(report.original().messageId()).contains("sale-2024-10-06@promo.example");
        assertThat(report.original().forwardingDomain()).contains("owner.example");
        assertThat(report.original().aliases()).containsExactly("deals-fan@owner.example");
    }

    @Test
    void encodedMessageIdShouldBeDecoded() {
        FeedbackReport report = ArfParser.parse(Samples.read("microsoft-jmrp.eml"));

        assertThat(report.original().messageId()).contains("october-news@club.example");
        assertThat(report.original().aliases()).containsExactly("members@owner.example");
    }

    @Test
    void returnedHeadersOnlyShouldStillTieTheComplaint() {
        FeedbackReport report = ArfParser.parse(Samples.read("aol-scomp.eml"));

        assertThat(report.original().messageId()).contains("sale-77@shop.example");
        assertThat(report.original().aliases()).containsExactly("shop-news@owner.example");
    }

    @Test
    void deliveryReportShouldNotBeAComplaint() {
        FeedbackReport report = ArfParser.parse(Samples.read("postfix-user-unknown.eml"));

        assertThat(report.isValid()).isFalse();
        assertThat(report.invalidReason()).contains("not a feedback report: no message/feedback-report part");
    }

    @Test
    void reportWithoutFeedbackTypeShouldBeInvalid() {
        byte[] message = ("Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\n"
            + "Content-Type: message/feedback-report\n\nUser-Agent: x/1\nVersion: 1\n\n--b--\n").getBytes();

        assertThat(ArfParser.parse(message).invalidReason()).contains("the feedback-report part has no Feedback-Type");
    }

    @Test
    void unknownFeedbackTypeShouldBeKeptAsWritten() {
        byte[] message = ("Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\n"
            + "Content-Type: message/feedback-report\n\nFeedback-Type: opt-out\nVersion: 1\n\n--b--\n").getBytes();

        FeedbackReport report = ArfParser.parse(message);

        assertThat(report.feedbackType()).isEqualTo(FeedbackType.UNKNOWN);
        assertThat(report.feedbackTypeText()).contains("opt-out");
    }

    @Test
    void garbageShouldBeInvalidNotThrown() {
        byte[] garbage = new byte[5 * 1024 * 1024];
        new Random(5965).nextBytes(garbage);

        assertThat(ArfParser.parse(garbage).isValid()).isFalse();
        assertThat(ArfParser.parse(Samples.read("missing-boundary.eml")).isValid()).isFalse();
    }
}
