package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsnParserTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rfc3464-simple.eml,                 RFC3464,    louisl@larry.slip.umd.edu,       TIMEOUT,        TEMPORARY",
        "gmail-no-such-user.eml,             RFC3464,    nosuchuser@gmail.com,            NO_SUCH_USER,   PERMANENT",
        "gmail-over-quota.eml,               RFC3464,    fullbox@gmail.com,               MAILBOX_FULL,   TEMPORARY",
        "gmail-dmarc-policy.eml,             RFC3464,    reader@gmail.com,                SPAM_OR_POLICY, PERMANENT",
        "office365-recipient-not-found.eml,  RFC3464,    former.employee@contoso.com,     NO_SUCH_USER,   PERMANENT",
        "office365-access-denied.eml,        RFC3464,    nobody@fabrikam.com,             NO_SUCH_USER,   PERMANENT",
        "outlook-blocklist.eml,              RFC3464,    someone@hotmail.com,             SPAM_OR_POLICY, PERMANENT",
        "yahoo-no-account.eml,               RFC3464,    gone.member@yahoo.com,           NO_SUCH_USER,   PERMANENT",
        "yahoo-deferred-volume.eml,          RFC3464,    shopper@yahoo.com,               SPAM_OR_POLICY, TEMPORARY",
        "postfix-user-unknown.eml,           RFC3464,    typo@destination.example,        NO_SUCH_USER,   PERMANENT",
        "postfix-host-not-found.eml,         RFC3464,    someone@no-such-domain.example,  DNS,            PERMANENT",
        "postfix-tls-required.eml,           RFC3464,    partner@legacy.example,          TLS,            TEMPORARY",
        "postfix-connection-timeout.eml,     RFC3464,    friend@slow.example,             TIMEOUT,        TEMPORARY",
        "exim-mailbox-full.eml,              RFC3464,    hoarder@hosting.example,         MAILBOX_FULL,   PERMANENT",
        "exim-text-only.eml,                 EXIM,       nobody@oldhost.example,          NO_SUCH_USER,   PERMANENT",
        "qmail-send.eml,                     QMAIL,      nobody@qmailhost.example,        NO_SUCH_USER,   PERMANENT",
        "exchange-legacy-text.eml,           PLAIN_TEXT, ex.colleague@corp.example,       NO_SUCH_USER,   PERMANENT",
    })
    void sampleShouldBeReadAndClassified(String sample, DeliveryReport.Format format, String recipient, BounceClass cls,
                                         Severity severity) {
        DeliveryReport report = DsnParser.parse(Samples.read(sample));

        assertThat(report.isValid()).as(report.toString()).isTrue();
        assertThat(report.format()).isEqualTo(format);
        RecipientReport first = report.recipients().get(0);
        assertThat(first.finalRecipient()).contains(recipient);
        assertThat(first.classification().cls()).as(first.toString()).isEqualTo(cls);
        assertThat(first.classification().severity()).as(first.toString()).isEqualTo(severity);
    }

    @Test
    void standardReportShouldCarryEveryRecipientField() {
        DeliveryReport report = DsnParser.parse(Samples.read("postfix-user-unknown.eml"));

        RecipientReport recipient = report.recipients().get(0);
        assertThat(report.reportingMta()).contains("mail.destination.example");
        assertThat(recipient.originalRecipient()).contains("typo@destination.example");
        assertThat(recipient.action()).contains("failed");
        assertThat(recipient.failed()).isTrue();
        assertThat(recipient.status()).contains("5.1.1");
        assertThat(recipient.remoteMta()).contains("mx1.destination.example");
        assertThat(recipient.diagnosticCode()).contains("550 5.1.1 <typo@destination.example>: Recipient address "
            + "rejected: User unknown in virtual mailbox table");
        assertThat(recipient.classification().code()).contains(550);
        assertThat(recipient.classification().enhancedStatus()).contains("5.1.1");
    }

    @Test
    void returnedHeaderShouldTieTheReportToOurMessageAndAlias() {
        OriginalMessage original = DsnParser.parse(Samples.read("postfix-user-unknown.eml")).original();

        assertThat(original.messageId()).contains("tour-2024@sender.example");
        assertThat(original.forwardingDomain()).contains("owner.example");
        assertThat(original.aliases()).containsExactly("carol.fans@owner.example");
    }

    @Test
    void returnedMessageShouldNameEveryAliasOfTheTrace() {
        OriginalMessage original = DsnParser.parse(Samples.read("office365-recipient-not-found.eml")).original();

        assertThat(original.messageId()).contains("q3-report-99@partner.example");
        assertThat(original.aliases()).containsExactly("sales@owner.example", "team@owner.example");
    }

    @Test
    void reportWithoutOurTraceShouldSayItWasNotForwardedBySmtpy() {
        OriginalMessage original = DsnParser.parse(Samples.read("rfc3464-simple.eml")).original();

        assertThat(original.forwardedBySmtpy()).isFalse();
        assertThat(original.aliases()).isEmpty();
    }

    @Test
    void multiRecipientReportShouldKeepEachRecipientApart() {
        DeliveryReport report = DsnParser.parse(Samples.read("rfc3464-multi-recipient.eml"));

        assertThat(report.recipients()).extracting(r -> r.finalRecipient().orElseThrow())
            .containsExactly("arathib@vnet.ibm.com", "johnh@hpnjld.njd.hp.com", "wsnell@sdcc13.ucsd.edu");
        assertThat(report.recipients()).extracting(r -> r.classification().cls())
            .containsExactly(BounceClass.OTHER, BounceClass.OTHER, BounceClass.NO_SUCH_USER);
        assertThat(report.recipients().get(1).action()).contains("delayed");
        assertThat(report.recipients().get(1).failed()).isFalse();
        assertThat(report.recipients().get(1).classification().severity()).isEqualTo(Severity.TEMPORARY);
    }

    @Test
    void eximTextShouldGiveEveryFailedAddressItsRemoteAndReason() {
        DeliveryReport report = DsnParser.parse(Samples.read("exim-text-only.eml"));

        assertThat(report.recipients()).hasSize(2);
        assertThat(report.recipients().get(0).remoteMta()).contains("mx.oldhost.example");
        assertThat(report.recipients().get(1).finalRecipient()).contains("someone@gone.example");
        assertThat(report.recipients().get(1).classification().cls()).isEqualTo(BounceClass.DNS);
        assertThat(report.original().messageId()).contains("minutes-2024-10@sender.example");
        assertThat(report.original().aliases()).containsExactly("list@owner.example");
    }

    @Test
    void qmailShouldGiveEveryAddressItsReason() {
        DeliveryReport report = DsnParser.parse(Samples.read("qmail-send.eml"));

        assertThat(report.recipients()).hasSize(2);
        RecipientReport remote = report.recipients().get(1);
        assertThat(remote.finalRecipient()).contains("user@remote.example");
        assertThat(remote.remoteMta()).contains("192.0.2.61");
        assertThat(remote.classification().cls()).isEqualTo(BounceClass.SPAM_OR_POLICY);
        assertThat(report.original().messageId()).contains("newsletter-42@sender.example");
    }

    @Test
    void humanReplyQuotingACodeShouldNotBeABounce() {
        DeliveryReport report = DsnParser.parse(Samples.read("human-reply.eml"));

        assertThat(report.isValid()).isFalse();
        assertThat(report.format()).isEqualTo(DeliveryReport.Format.NONE);
        assertThat(report.invalidReason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("not a delivery report"));
    }

    @Test
    void truncatedReportShouldKeepWhatWasReadBeforeTheCut() {
        DeliveryReport report = DsnParser.parse(Samples.read("truncated-dsn.eml"));

        assertThat(report.recipients()).extracting(r -> r.finalRecipient().orElseThrow()).containsExactly("cut@destination.example");
        assertThat(report.recipients().get(0).classification().cls()).isEqualTo(BounceClass.NO_SUCH_USER);
    }

    @Test
    void multipartWithoutBoundaryShouldBeInvalidWithAReason() {
        DeliveryReport report = DsnParser.parse(Samples.read("missing-boundary.eml"));

        assertThat(report.isValid()).isFalse();
        assertThat(report.invalidReason()).isPresent();
    }

    @Test
    void garbageShouldBeInvalidNotThrown() {
        byte[] garbage = new byte[5 * 1024 * 1024];
        new Random(15).nextBytes(garbage);

        DeliveryReport report = DsnParser.parse(garbage);

        assertThat(report.isValid()).isFalse();
        assertThat(report.recipients()).isEmpty();
    }

    @Test
    void emptyAndNullInputShouldBeInvalid() {
        assertThat(DsnParser.parse(new byte[0]).isValid()).isFalse();
        assertThat(DsnParser.parse(null).isValid()).isFalse();
    }

    @Test
    void internationalisedReportShouldBeReadAsUtf8() {
        byte[] message = ("Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
            + "Content-Type: message/global-delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
            + "Final-Recipient: utf-8; jürgen@bücher.example\nAction: failed\nStatus: 5.1.1\n\n--b--\n")
            .getBytes(StandardCharsets.UTF_8);

        DeliveryReport report = DsnParser.parse(message);

        assertThat(report.recipients().get(0).finalRecipient()).contains("jürgen@bücher.example");
    }

    @Test
    void reportWithoutRecipientsShouldSaySo() {
        byte[] message = ("Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n--b\n"
            + "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n--b--\n").getBytes(StandardCharsets.US_ASCII);

        DeliveryReport report = DsnParser.parse(message);

        assertThat(report.invalidReason()).contains("the delivery-status part names no recipient");
        assertThat(report.reportingMta()).isEqualTo(Optional.empty());
    }
}
