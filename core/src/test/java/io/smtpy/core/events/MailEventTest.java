package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtpy.core.model.DomainName;

class MailEventTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");

    private static MailEvent.Builder builder() {
        return MailEvent.builder(EXAMPLE, MailEventType.REJECTED, T0);
    }

    @Test
    void aHostileDetailShouldBeCutToItsBound() {
        MailEvent event = builder().detail("x".repeat(1_000_000)).build();

        assertThat(event.detail()).hasSize(MailEvent.MAX_DETAIL_LENGTH);
    }

    @Test
    void aCutShouldNotSplitASurrogatePair() {
        String detail = "x".repeat(MailEvent.MAX_DETAIL_LENGTH - 1) + "\uD83D\uDCEC";

        MailEvent event = builder().detail(detail).build();

        assertThat(event.detail()).isEqualTo("x".repeat(MailEvent.MAX_DETAIL_LENGTH - 1));
    }

    @Test
    void recipientsShouldBeCutToTheFirstHundredEachOfBoundedLength() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            recipients.add("r" + i + "@dest.example");
        }
        recipients.set(0, "y".repeat(5000) + "@dest.example");

        MailEvent event = builder().recipients(recipients).build();

        assertThat(event.recipients()).hasSize(MailEvent.MAX_RECIPIENTS);
        assertThat(event.recipients().get(0)).hasSize(MailEvent.MAX_ADDRESS_LENGTH);
        assertThat(event.recipients().get(99)).isEqualTo("r99@dest.example");
    }

    @Test
    void senderMessageIdAndMailIdShouldBeBounded() {
        MailEvent event = builder()
            .sender("s".repeat(10_000))
            .messageId("<" + "m".repeat(10_000) + ">")
            .mailId("i".repeat(10_000))
            .build();

        assertThat(event.sender()).hasSize(MailEvent.MAX_ADDRESS_LENGTH);
        assertThat(event.messageId().orElseThrow()).hasSize(MailEvent.MAX_ID_LENGTH);
        assertThat(event.mailId().orElseThrow()).hasSize(MailEvent.MAX_ID_LENGTH);
    }

    @Test
    void theNullSenderShouldReadAsAngleBrackets() {
        assertThat(builder().sender("").build().sender()).isEqualTo("<>");
        assertThat(builder().build().sender()).isEqualTo("<>");
    }

    @Test
    void eachEventShouldGetItsOwnId() {
        assertThat(builder().build().id()).isNotEqualTo(builder().build().id());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 199, 600, -550})
    void smtpCodesOutsideTheRangeShouldBeRefused(int code) {
        assertThatThrownBy(() -> builder().smtpCode(code).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("SMTP code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5.1", "3.1.1", "5.1.1 extra", "5.1234.1"})
    void malformedEnhancedStatusesShouldBeRefused(String status) {
        assertThatThrownBy(() -> builder().enhancedStatus(status).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("enhanced status");
    }

    @Test
    void typesShouldParseInAnyCaseAndListTheKnownOnesOtherwise() {
        assertThat(MailEventType.parse("Rejected")).isEqualTo(MailEventType.REJECTED);
        assertThat(MailEventType.LOOP.asString()).isEqualTo("loop");
        assertThat(MailEventType.REPORT_REJECTED.asString()).isEqualTo("report-rejected");
        assertThat(MailEventType.parse("REPORT_STORED")).isEqualTo(MailEventType.REPORT_STORED);
        assertThatThrownBy(() -> MailEventType.parse("lost"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("received, rejected, forwarded, delivered, deferred, bounced, dropped, loop, report-stored, report-rejected");
    }

    @Test
    void toBuilderShouldCopyEveryField() {
        MailEvent rich = MailEventRepositoryContract.richEvent(EXAMPLE, T0);

        assertThat(rich.toBuilder().build()).isEqualTo(rich);
    }

    @Test
    void theTextOfAnEventShouldNotShowItsSubjectWhichMayEndUpInALog() {
        MailEvent event = MailEvent.builder(DomainName.of("example.com"), MailEventType.RECEIVED, Instant.EPOCH)
            .subject("Confidential: merger").build();

        assertThat(event.toString()).doesNotContain("merger");
        assertThat(event.subject()).contains("Confidential: merger");
    }

    @Test
    void aLongSubjectShouldBeCutAtItsBound() {
        MailEvent event = MailEvent.builder(DomainName.of("example.com"), MailEventType.RECEIVED, Instant.EPOCH)
            .subject("s".repeat(MailEvent.MAX_SUBJECT_LENGTH + 50)).build();

        assertThat(event.subject()).get().asString().hasSize(MailEvent.MAX_SUBJECT_LENGTH);
    }
}
