package io.smtpy.sending.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

class DelayNoticeTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant NOW = ARRIVAL.plus(Duration.ofHours(5));
    private static final Session SESSION = Session.getInstance(new Properties());

    private static MimeMessage original() throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(("From: ann@sender.example\r\nTo: bob@dest.example\r\n"
            + "Subject: quarterly figures\r\nMessage-ID: <q1@sender.example>\r\n\r\nthe figures\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theNoticeShouldBeAnRfc3464DelayedReport() throws Exception {
        DelayNotice notice = new DelayNotice("mx.smtpy.example", List.of("bob@dest.example"), ARRIVAL, NOW,
            Optional.of(ARRIVAL.plus(Duration.ofDays(3))), Optional.of("451 4.7.1 greylisted\r\nplease wait"));

        MimeMessage message = notice.toMessage(SESSION, new InternetAddress("postmaster@smtpy.example"),
            new InternetAddress("ann@sender.example"), original());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(parsed.getContentType()).startsWith("multipart/report").contains("report-type=delivery-status");
        assertThat(parsed.getSubject()).isEqualTo("Delayed Mail (still being retried): quarterly figures");
        assertThat(parsed.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("waited 5 hours").contains("<bob@dest.example>")
            .contains("do not need").contains("451 4.7.1 greylisted please wait");
        assertThat(parts.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        String status = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(status).contains("Reporting-MTA: dns; mx.smtpy.example\r\n")
            .contains("Arrival-Date: Sun, 1 Mar 2026 08:00:00 GMT\r\n")
            .contains("Final-Recipient: rfc822; bob@dest.example\r\n")
            .contains("Action: delayed\r\n")
            .contains("Status: 4.7.1\r\n")
            .contains("Diagnostic-Code: smtp; 451 4.7.1 greylisted please wait\r\n")
            .contains("Will-Retry-Until: Wed, 4 Mar 2026 08:00:00 GMT\r\n");
        assertThat(parts.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        String headers = new String(parts.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(headers).contains("Message-ID: <q1@sender.example>").doesNotContain("the figures");
    }

    @Test
    void withoutAKnownReplyTheStatusShouldBeTheGenericTransientOne() {
        DelayNotice notice = new DelayNotice("mx.smtpy.example", List.of("bob@dest.example"), ARRIVAL, NOW, Optional.empty(),
            Optional.empty());

        assertThat(notice.status()).isEqualTo("4.0.0");
        assertThat(notice.deliveryStatus()).doesNotContain("Diagnostic-Code").doesNotContain("Will-Retry-Until");
    }

    @Test
    void aNoticeShouldBeDueOnceAfterTheDelayAndNeverForANullSender() {
        DelayNoticePolicy policy = new DelayNoticePolicy(Duration.ofHours(4));

        assertThat(policy.noticeDue(ARRIVAL, ARRIVAL.plus(Duration.ofHours(3)), false, false)).isFalse();
        assertThat(policy.noticeDue(ARRIVAL, ARRIVAL.plus(Duration.ofHours(4)), false, false)).isTrue();
        assertThat(policy.noticeDue(ARRIVAL, NOW, false, true)).as("once").isFalse();
        assertThat(policy.noticeDue(ARRIVAL, NOW, true, false)).as("never for a null sender").isFalse();
        assertThat(DelayNoticePolicy.NEVER.noticeDue(ARRIVAL, NOW.plus(Duration.ofDays(9)), false, false)).isFalse();
    }
}
