package io.smtpy.core.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmtpStatusTest {
    @Test
    void aDecisionShouldPrintAsItsReplyLine() {
        assertThat(SmtpStatus.of(550, "5.1.1", "no such user here")).hasToString("550 5.1.1 no such user here");
    }

    @Test
    void theReplyShouldBeWhatFollowsTheCode() {
        assertThat(SmtpStatus.of(550, "5.1.1", "no such recipient here").reply()).isEqualTo("5.1.1 no such recipient here");
        assertThat(SmtpStatus.findIn("421 try later").orElseThrow().reply()).isEqualTo("421 try later");
    }

    @Test
    void theEnhancedStatusShouldBeOfTheCodesClass() {
        assertThatThrownBy(() -> SmtpStatus.of(550, "4.1.1", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpStatus.of(550, "5.1", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesOutsideTwoToFiveHundredsShouldBeRefused() {
        assertThatThrownBy(() -> SmtpStatus.of(199, "2.0.0", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpStatus.of(600, "5.0.0", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplyTextShouldStayOneLine() {
        assertThatThrownBy(() -> SmtpStatus.of(550, "5.7.1", "a\r\n250 ok")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRemoteReplyShouldGiveItsCodeAndEnhancedStatus() {
        SmtpStatus status = SmtpStatus.findIn("Error from mx.dest.example: 550 5.1.1 <jane@dest.example>: user unknown").orElseThrow();
        assertThat(status.code()).isEqualTo(550);
        assertThat(status.enhanced()).contains("5.1.1");
        assertThat(status.permanentFailure()).isTrue();
    }

    @Test
    void aRemoteReplyWithoutEnhancedStatusShouldGiveItsCodeOnly() {
        SmtpStatus status = SmtpStatus.findIn("452-Too many recipients").orElseThrow();
        assertThat(status.code()).isEqualTo(452);
        assertThat(status.enhanced()).isEmpty();
        assertThat(status.transientFailure()).isTrue();
    }

    @Test
    void textWithoutAReplyCodeShouldGiveNothing() {
        assertThat(SmtpStatus.findIn("Connection refused")).isEmpty();
        assertThat(SmtpStatus.findIn(null)).isEmpty();
        assertThat(SmtpStatus.findIn("port 25000 refused")).isEmpty();
    }
}
