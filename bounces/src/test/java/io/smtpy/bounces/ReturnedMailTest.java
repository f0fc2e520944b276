package io.smtpy.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnedMailTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "postfix-user-unknown.eml,    DELIVERY_REPORT",
        "exim-text-only.eml,          DELIVERY_REPORT",
        "qmail-send.eml,              DELIVERY_REPORT",
        "yahoo-fbl.eml,               FEEDBACK_REPORT",
        "rfc3834-out-of-office.eml,   AUTO_REPLY",
        "outlook-automatic-reply.eml, AUTO_REPLY",
        "boxtrapper-challenge.eml,    CHALLENGE_RESPONSE",
        "tmda-confirmation.eml,       CHALLENGE_RESPONSE",
        "human-reply.eml,             UNRECOGNISED",
        "missing-boundary.eml,        UNRECOGNISED",
    })
    void returnedMailShouldBeToldByKind(String sample, ReturnedMail.Kind kind) {
        assertThat(ReturnedMail.read(Samples.read(sample)).kind()).isEqualTo(kind);
    }

    @Test
    void bounceShouldCarryItsReportAndOriginal() {
        ReturnedMail mail = ReturnedMail.read(Samples.read("postfix-user-unknown.eml"));

        assertThat(mail.deliveryReport().orElseThrow().recipients()).hasSize(1);
        assertThat(mail.original().aliases()).containsExactly("carol.fans@owner.example");
        assertThat(mail.robot()).isEmpty();
    }

    @Test
    void complaintShouldCarryItsReportAndOriginal() {
        ReturnedMail mail = ReturnedMail.read(Samples.read("yahoo-fbl.eml"));

        assertThat(mail.feedbackReport().orElseThrow().feedbackType()).isEqualTo(FeedbackType.ABUSE);
        assertThat(mail.original().messageId()).contains("sale-2024-10-06@promo.example");
    }

    @Test
    void autoReplyShouldNameTheMessageItAnswers() {
        ReturnedMail mail = ReturnedMail.read(Samples.read("outlook-automatic-reply.eml"));

        assertThat(mail.original().messageId()).contains("invoice-1182@sender.example");
        assertThat(mail.robot().orElseThrow().isFailure()).isFalse();
    }

    @Test
    void garbageShouldBeUnrecognised() {
        byte[] garbage = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(garbage);

        assertThat(ReturnedMail.read(garbage).kind()).isEqualTo(ReturnedMail.Kind.UNRECOGNISED);
        assertThat(ReturnedMail.read(null).kind()).isEqualTo(ReturnedMail.Kind.UNRECOGNISED);
    }
}
