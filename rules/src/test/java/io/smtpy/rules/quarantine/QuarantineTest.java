package io.smtpy.rules.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.mime.MessageContent;

class QuarantineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final LocalPart INFO = LocalPart.of("info");
    private static final String PLAIN = "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@sender.example>\r\n"
        + "To: info@example.com\r\n"
        + "Subject: =?UTF-8?B?w4ljaGFudGlsbG9u?= offer\r\n"
        + "Message-ID: <m1@sender.example>\r\n"
        + "\r\n"
        + "Hello, this is the text.\r\n";
    private static final String HTML_ONLY = "From: spam@sender.example\r\n"
        + "Subject: click\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n"
        + "\r\n"
        + "<html><head><style>p { color: red }</style><script>alert('x')</script></head>"
        + "<body><p>Win <b>big</b> &amp; now</p><img src=\"https://tracker.example/p.gif\"></body></html>\r\n";

    /** Records what a release hands back to the mail path; fails on demand. */
    static final class RecordingReinjection implements MailReinjection {
        final List<QuarantinedMail> reinjected = new ArrayList<>();
        final List<byte[]> messages = new ArrayList<>();
        final List<List<MailAddress>> recipients = new ArrayList<>();
        final List<MaybeSender> senders = new ArrayList<>();
        boolean failing;

        @Override
        public void reinject(MaybeSender sender, List<MailAddress> recipients, byte[] message, QuarantinedMail from) {
            if (failing) {
                throw new IllegalStateException("the spool is full");
            }
            senders.add(sender);
            this.recipients.add(recipients);
            messages.add(message);
            reinjected.add(from);
        }
    }

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryQuarantineRepository repository = new MemoryQuarantineRepository();
    private final MemoryMailEventRepository eventLog = new MemoryMailEventRepository();
    private final RecordingReinjection reinjection = new RecordingReinjection();
    private Quarantine quarantine = new Quarantine(repository, reinjection, new MailEvents(eventLog), clock, QuarantineSettings.defaults());

    private static Hold hold(String message) throws Exception {
        return Hold.of(EXAMPLE, MaybeSender.of(new MailAddress("bounce@sender.example")),
                List.of(new MailAddress("info@example.com")), QuarantineKind.QUARANTINED, message.getBytes(StandardCharsets.UTF_8))
            .alias(INFO)
            .reason("sender on the block list")
            .decidedBy("block list entry 42 'sender.example' of domain example.com")
            .verdicts(Map.of("spf", "pass", "dmarc", "fail"))
            .mailId("Mail1");
    }

    private List<MailEvent> events(MailEventType type) {
        return eventLog.list(MailEventQuery.of(EXAMPLE).withType(Optional.of(type)).withLimit(MailEventQuery.MAX_LIMIT));
    }

    @Test
    void holdShouldKeepTheMailWithWhatItReadsFromTheHeader() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));

        assertThat(held.domain()).isEqualTo(EXAMPLE);
        assertThat(held.alias()).contains(INFO);
        assertThat(held.sender().asString()).isEqualTo("bounce@sender.example");
        assertThat(held.recipients()).containsExactly(new MailAddress("info@example.com"));
        assertThat(held.kind()).isEqualTo(QuarantineKind.QUARANTINED);
        assertThat(held.state()).isEqualTo(QuarantineState.HELD);
        assertThat(held.reason()).isEqualTo("sender on the block list");
        assertThat(held.decidedBy()).isEqualTo("block list entry 42 'sender.example' of domain example.com");
        assertThat(held.verdicts()).containsExactly(Map.entry("dmarc", "fail"), Map.entry("spf", "pass"));
        assertThat(held.subject()).contains("Échantillon offer");
        assertThat(held.headerFrom()).contains("Jörg <joerg@sender.example>");
        assertThat(held.messageId()).contains("<m1@sender.example>");
        assertThat(held.size()).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8).length);
        assertThat(held.receivedAt()).isEqualTo(T0);
        assertThat(held.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(quarantine.find(EXAMPLE, held.id())).contains(held);
        assertThat(quarantine.raw(EXAMPLE, held.id())).hasValueSatisfying(raw -> assertThat(raw).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void droppedMailShouldBeKeptForTheShorterRestoreWindow() throws Exception {
        Hold dropped = Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.DROPPED, PLAIN.getBytes(StandardCharsets.UTF_8));

        assertThat(quarantine.hold(dropped).expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void retentionShouldComeFromTheSettings() throws Exception {
        quarantine = new Quarantine(repository, reinjection, new MailEvents(eventLog), clock,
            new QuarantineSettings(Duration.ofDays(3), Duration.ofDays(1), 1000));

        assertThat(quarantine.hold(hold(PLAIN)).expiresAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void brokenHeaderShouldStillBeHeld() throws Exception {
        String broken = "Subject\r\n: =?UTF-8?B?!!!?=\r\nFrom:\r\n\r\n\u0000\u00ff";

        QuarantinedMail held = quarantine.hold(hold(broken));

        assertThat(held.headerFrom()).isEmpty();
        assertThat(held.messageId()).isEmpty();
        assertThat(quarantine.find(EXAMPLE, held.id())).isPresent();
        assertThat(quarantine.preview(EXAMPLE, held.id())).isPresent();
    }

    @Test
    void messageLargerThan25MiBShouldBeRefusedAndNothingKept() throws Exception {
        byte[] large = new byte[25 * 1024 * 1024 + 1];
        Hold hold = Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.QUARANTINED, large);

        assertThatThrownBy(() -> quarantine.hold(hold)).isInstanceOf(MessageTooLargeException.class);

        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE).anyState()).total()).isZero();
        assertThat(events(MailEventType.QUARANTINED)).isEmpty();
    }

    @Test
    void holdShouldRecordAQuarantinedEvent() throws Exception {
        quarantine.hold(hold(PLAIN));

        assertThat(events(MailEventType.QUARANTINED)).singleElement().satisfies(event -> {
            assertThat(event.alias()).contains(INFO);
            assertThat(event.sender()).isEqualTo("bounce@sender.example");
            assertThat(event.recipients()).containsExactly("info@example.com");
            assertThat(event.messageId()).contains("<m1@sender.example>");
            assertThat(event.mailId()).contains("Mail1");
            assertThat(event.detail()).isEqualTo("sender on the block list (block list entry 42 'sender.example' of domain example.com)");
            assertThat(event.at()).isEqualTo(T0);
        });
    }

    @Test
    void holdOfADroppedMailShouldRecordADroppedEvent() throws Exception {
        quarantine.hold(Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.DROPPED, PLAIN.getBytes(StandardCharsets.UTF_8)));

        assertThat(events(MailEventType.DROPPED)).hasSize(1);
        assertThat(events(MailEventType.QUARANTINED)).isEmpty();
    }

    @Test
    void listShouldFilterAndPage() throws Exception {
        QuarantinedMail first = quarantine.hold(hold(PLAIN));
        clock.moveBy(Duration.ofMinutes(1));
        QuarantinedMail second = quarantine.hold(hold(HTML_ONLY));

        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE)).items()).containsExactly(second, first);
        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE).subjectContains("CLICK")).items()).containsExactly(second);
        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE).limit(1).offset(1)).items()).containsExactly(first);
        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE).limit(1)).total()).isEqualTo(2);
    }

    @Test
    void previewShouldShowDecodedFieldsAndThePlainText() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));

        Preview preview = quarantine.preview(EXAMPLE, held.id()).orElseThrow();

        assertThat(preview.fields()).extracting(MessageContent.Field::name).containsExactly("From", "To", "Subject", "Message-ID");
        assertThat(preview.fields().get(2).value()).isEqualTo("Échantillon offer");
        assertThat(preview.text()).isEqualTo("Hello, this is the text.");
        assertThat(preview.truncated()).isFalse();
    }

    @Test
    void previewOfHtmlShouldBeTextWithoutMarkupScriptsOrStyles() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(HTML_ONLY));

        String text = quarantine.preview(EXAMPLE, held.id()).orElseThrow().text();

        assertThat(text).contains("Win").contains("big").contains("& now");
        assertThat(text).doesNotContain("<").doesNotContain("alert").doesNotContain("color").doesNotContain("tracker");
    }

    @Test
    void previewShouldBeCutAt2000Characters() throws Exception {
        QuarantinedMail held = quarantine.hold(hold("Subject: long\r\n\r\n" + "x".repeat(5000) + "\r\n"));

        Preview preview = quarantine.preview(EXAMPLE, held.id()).orElseThrow();

        assertThat(preview.text()).hasSize(Quarantine.PREVIEW_CHARS);
        assertThat(preview.truncated()).isTrue();
    }

    @Test
    void previewOfAnUnknownMailShouldBeEmpty() {
        assertThat(quarantine.preview(EXAMPLE, QuarantineId.random())).isEmpty();
        assertThat(quarantine.raw(EXAMPLE, QuarantineId.random())).isEmpty();
    }

    @Test
    void releaseShouldHandTheBytesBackForTheOriginalRecipientsAndMarkItReleased() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));
        clock.moveBy(Duration.ofHours(1));

        QuarantinedMail released = quarantine.release(EXAMPLE, held.id());

        assertThat(reinjection.senders).extracting(MaybeSender::asString).containsExactly("bounce@sender.example");
        assertThat(reinjection.recipients).containsExactly(List.of(new MailAddress("info@example.com")));
        assertThat(reinjection.messages).singleElement().satisfies(bytes -> assertThat(bytes).isEqualTo(PLAIN.getBytes(StandardCharsets.UTF_8)));
        assertThat(reinjection.reinjected).containsExactly(held);
        assertThat(released.state()).isEqualTo(QuarantineState.RELEASED);
        assertThat(released.releasedAt()).contains(T0.plus(Duration.ofHours(1)));
        assertThat(quarantine.find(EXAMPLE, held.id())).contains(released);
        assertThat(events(MailEventType.RELEASED)).singleElement().satisfies(event -> {
            assertThat(event.recipients()).containsExactly("info@example.com");
            assertThat(event.messageId()).contains("<m1@sender.example>");
        });
    }

    @Test
    void releasingTwiceShouldBeRefusedAsAStateConflict() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));
        quarantine.release(EXAMPLE, held.id());

        assertThatThrownBy(() -> quarantine.release(EXAMPLE, held.id())).isInstanceOf(QuarantineStateException.class);

        assertThat(reinjection.reinjected).hasSize(1);
    }

    @Test
    void releasingAnUnknownMailShouldBeNotFound() {
        assertThatThrownBy(() -> quarantine.release(EXAMPLE, QuarantineId.random())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void failedReinjectionShouldLeaveTheMailHeld() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));
        reinjection.failing = true;

        assertThatThrownBy(() -> quarantine.release(EXAMPLE, held.id())).hasMessageContaining("spool is full");

        assertThat(quarantine.find(EXAMPLE, held.id()).orElseThrow().state()).isEqualTo(QuarantineState.HELD);
        assertThat(events(MailEventType.RELEASED)).isEmpty();
        reinjection.failing = false;
        assertThat(quarantine.release(EXAMPLE, held.id()).state()).isEqualTo(QuarantineState.RELEASED);
    }

    @Test
    void deleteShouldRemoveTheMailAndRecordADiscardedEvent() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));

        assertThat(quarantine.delete(EXAMPLE, held.id())).isTrue();

        assertThat(quarantine.find(EXAMPLE, held.id())).isEmpty();
        assertThat(quarantine.raw(EXAMPLE, held.id())).isEmpty();
        assertThat(quarantine.delete(EXAMPLE, held.id())).isFalse();
        assertThat(events(MailEventType.DISCARDED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).isEqualTo("deleted from the quarantine"));
    }

    @Test
    void deletingAReleasedMailShouldNotRecordADiscard() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));
        quarantine.release(EXAMPLE, held.id());

        assertThat(quarantine.delete(EXAMPLE, held.id())).isTrue();

        assertThat(events(MailEventType.DISCARDED)).isEmpty();
    }

    @Test
    void expireShouldDeleteMailsPastTheirRetentionOnly() throws Exception {
        QuarantinedMail dropped = quarantine.hold(Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.DROPPED,
            PLAIN.getBytes(StandardCharsets.UTF_8)));
        QuarantinedMail held = quarantine.hold(hold(PLAIN));

        clock.moveBy(Duration.ofDays(7).minusSeconds(1));
        assertThat(quarantine.expire()).isZero();
        clock.moveBy(Duration.ofSeconds(1));
        assertThat(quarantine.expire()).isEqualTo(1);

        assertThat(quarantine.find(EXAMPLE, dropped.id())).isEmpty();
        assertThat(quarantine.find(EXAMPLE, held.id())).isPresent();
        assertThat(events(MailEventType.DISCARDED)).singleElement()
            .satisfies(event -> assertThat(event.detail()).isEqualTo("expired after 7 days in the quarantine"));
        clock.moveBy(Duration.ofDays(23));
        assertThat(quarantine.expire()).isEqualTo(1);
        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE).anyState()).total()).isZero();
    }

    @Test
    void expireShouldAlsoRemoveReleasedRecordsWithoutADiscardEvent() throws Exception {
        QuarantinedMail held = quarantine.hold(hold(PLAIN));
        quarantine.release(EXAMPLE, held.id());
        clock.moveBy(Duration.ofDays(30));

        assertThat(quarantine.expire()).isEqualTo(1);

        assertThat(events(MailEventType.DISCARDED)).isEmpty();
    }

    @Test
    void expireShouldWorkThroughMoreThanOneBatch() throws Exception {
        for (int i = 0; i < 1001; i++) {
            quarantine.hold(Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.DROPPED, new byte[] {'x'}));
        }
        clock.moveBy(Duration.ofDays(8));

        assertThat(quarantine.expire()).isEqualTo(1001);
    }

    @Test
    void releaseAllShouldReleaseTheHeldMailsPassingTheQuery() throws Exception {
        QuarantinedMail plain = quarantine.hold(hold(PLAIN));
        QuarantinedMail html = quarantine.hold(hold(HTML_ONLY));

        BulkResult result = quarantine.releaseAll(QuarantineQuery.of(EXAMPLE).subjectContains("click").limit(1).offset(5));

        assertThat(result.done()).isEqualTo(1);
        assertThat(result.failures()).isEmpty();
        assertThat(result.more()).isFalse();
        assertThat(reinjection.reinjected).extracting(QuarantinedMail::id).containsExactly(html.id());
        assertThat(quarantine.find(EXAMPLE, plain.id()).orElseThrow().state()).isEqualTo(QuarantineState.HELD);
    }

    @Test
    void releaseAllShouldReportFailuresAndGoOn() throws Exception {
        quarantine.hold(hold(PLAIN));
        reinjection.failing = true;

        BulkResult result = quarantine.releaseAll(QuarantineQuery.of(EXAMPLE));

        assertThat(result.done()).isZero();
        assertThat(result.failures()).hasSize(1).containsValue("the spool is full");
    }

    @Test
    void bulkOperationsShouldHandleAtMost1000MailsPerCall() throws Exception {
        for (int i = 0; i < 1002; i++) {
            quarantine.hold(Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.QUARANTINED, new byte[] {'x'}));
        }

        BulkResult first = quarantine.deleteAll(QuarantineQuery.of(EXAMPLE));
        assertThat(first.done()).isEqualTo(Quarantine.MAX_BULK);
        assertThat(first.more()).isTrue();

        BulkResult second = quarantine.deleteAll(QuarantineQuery.of(EXAMPLE));
        assertThat(second.done()).isEqualTo(2);
        assertThat(second.more()).isFalse();
        assertThat(events(MailEventType.DISCARDED)).hasSize(1000);
    }

    @Test
    void deleteAllShouldFollowTheQuerysFilters() throws Exception {
        QuarantinedMail plain = quarantine.hold(hold(PLAIN));
        quarantine.hold(hold(HTML_ONLY));

        assertThat(quarantine.deleteAll(QuarantineQuery.of(EXAMPLE).subjectContains("click")).done()).isEqualTo(1);

        assertThat(quarantine.list(QuarantineQuery.of(EXAMPLE)).items()).containsExactly(plain);
    }
}
