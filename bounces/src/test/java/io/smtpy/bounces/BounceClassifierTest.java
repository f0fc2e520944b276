package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BounceClassifierTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "550 5.1.1 <x@y.example>: Recipient address rejected: User unknown in virtual mailbox table | NO_SUCH_USER | PERMANENT | status 5.1.1",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup | NO_SUCH_USER | PERMANENT | status 5.1.10",
        "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) | NO_SUCH_USER | PERMANENT | correction: Office 365 access denied",
        "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0] | NO_SUCH_USER | PERMANENT | text: unknown user",
        "550 Requested action not taken: mailbox unavailable | NO_SUCH_USER | PERMANENT | text: unknown user",
        "452 4.2.2 The email account that you tried to reach is over quota | MAILBOX_FULL | TEMPORARY | status 4.2.2",
        "552 Mailbox full | MAILBOX_FULL | PERMANENT | text: mailbox full",
        "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org | SPAM_OR_POLICY | PERMANENT | status 5.7.1",
        "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to user complaints | SPAM_OR_POLICY | TEMPORARY | status 4.7.0",
        "450 4.2.0 <a@b.example>: Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/ | SPAM_OR_POLICY | TEMPORARY | text: spam or policy",
        "554 5.7.1 STARTTLS is required to send mail | TLS | PERMANENT | status 5.7.1",
        "530 5.7.10 Must issue a STARTTLS command first | TLS | PERMANENT | status 5.7.10",
        "Host or domain name not found. Name service error for name=x.example type=MX | DNS | PERMANENT | text: domain not found",
        "550 5.1.2 Host unknown (Name server: x.example: host not found) | DNS | PERMANENT | status 5.1.2",
        "556 5.1.10 Recipient address has null MX | DNS | PERMANENT | correction: null MX",
        "connect to mx.slow.example[192.0.2.99]:25: Connection timed out | TIMEOUT | TEMPORARY | text: timed out",
        "451 4.4.2 Timeout waiting for data from client | TIMEOUT | TEMPORARY | status 4.4.2",
        "Retry timeout exceeded | TIMEOUT | TEMPORARY | text: timed out",
        "There are no DNS entries for the hostname gone.example.  I cannot determine where to send this message. | DNS | PERMANENT | text: domain not found",
        "Temporary problem looking up mail server for host: slow-dns.example | DNS | TEMPORARY | text: domain not found",
        "java.net.UnknownHostException: mx.gone.example | DNS | PERMANENT | text: domain not found",
        "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown | NO_SUCH_USER | PERMANENT | status 5.1.1",
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed | TLS | PERMANENT | text: TLS",
        "java.net.SocketTimeoutException: Read timed out | TIMEOUT | TEMPORARY | text: timed out",
        "554 5.6.0 Message contains invalid header | OTHER | PERMANENT | code 5xx",
        "451 Temporary local problem - please try later | OTHER | TEMPORARY | code 4xx",
        "the remote server said nothing useful | OTHER | PERMANENT | no code",
    })
    void replyShouldBeClassified(String reply, BounceClass cls, Severity severity, String rule) {
        BounceClassification classification = BounceClassifier.classify(reply);

        assertThat(classification.cls()).as(classification.toString()).isEqualTo(cls);
        assertThat(classification.severity()).as(classification.toString()).isEqualTo(severity);
        assertThat(classification.matchedRule()).isEqualTo(rule);
    }

    @Test
    void codesShouldBeReadFromTheReply() {
        BounceClassification classification = BounceClassifier.classify("550-5.1.1 The email account that you tried to reach does not exist");

        assertThat(classification.code()).contains(550);
        assertThat(classification.enhancedStatus()).contains("5.1.1");
    }

    @Test
    void addressesShouldNotBeReadAsStatusCodes() {
        BounceClassification classification = BounceClassifier.classify("host 192.0.2.5 said: 4.5.6.7 is not welcome");

        assertThat(classification.enhancedStatus()).isEmpty();
        assertThat(classification.code()).isEmpty();
    }

    @Test
    void dsnStatusShouldDecideWhenTheTextHasNone() {
        BounceClassification classification = BounceClassifier.classify("TLS is required, but was not offered", Optional.of("4.7.4"));

        assertThat(classification.cls()).isEqualTo(BounceClass.TLS);
        assertThat(classification.enhancedStatus()).contains("4.7.4");
        assertThat(classification.severity()).isEqualTo(Severity.TEMPORARY);
    }

    @Test
    void emptyNullAndHugeRepliesShouldBeOther() {
        assertThat(BounceClassifier.classify(null).cls()).isEqualTo(BounceClass.OTHER);
        assertThat(BounceClassifier.classify("").cls()).isEqualTo(BounceClass.OTHER);
        assertThat(BounceClassifier.classify("x".repeat(5_000_000) + " user unknown").cls()).isEqualTo(BounceClass.OTHER);
    }
}
