package io.smtpy.rules.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;

class QuarantineDigestTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName OTHER = DomainName.of("other.example");
    private static final String BODY_MARKER = "the secret body text";

    private final MovableClock clock = new MovableClock(T0);
    private final Quarantine quarantine = new Quarantine(new MemoryQuarantineRepository(), new QuarantineTest.RecordingReinjection(),
        new MailEvents(new MemoryMailEventRepository()), clock, QuarantineSettings.defaults());
    private final QuarantineDigest digest = new QuarantineDigest(quarantine, clock);

    private QuarantinedMail hold(DomainName domain, QuarantineKind kind, String subject) throws Exception {
        String message = "From: \"Mallory\" <mallory@sender.example>\r\n"
            + "Subject: " + subject + "\r\n"
            + "\r\n"
            + BODY_MARKER + "\r\n";
        return quarantine.hold(Hold.of(domain, MaybeSender.of(new MailAddress("bounce@sender.example")),
                List.of(new MailAddress("info@" + domain.asString())), kind, message.getBytes(StandardCharsets.UTF_8))
            .reason("sender on the block list")
            .decidedBy("block list entry 42 'sender.example' of domain " + domain.asString()));
    }

    @Test
    void nothingNewShouldGiveNoDigest() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "old");
        clock.moveBy(Duration.ofHours(1));

        assertThat(digest.compose(EXAMPLE, clock.instant())).isEmpty();
        assertThat(digest.compose(OTHER, T0)).isEmpty();
    }

    @Test
    void digestShouldListEachNewHeldMailOnOneLineWithWhatHeldItAndHowToReviewAndOptOut() throws Exception {
        QuarantinedMail first = hold(EXAMPLE, QuarantineKind.QUARANTINED, "Cheap watches");
        clock.moveBy(Duration.ofMinutes(5));
        QuarantinedMail second = hold(EXAMPLE, QuarantineKind.QUARANTINED, "Your invoice");
        clock.moveBy(Duration.ofMinutes(5));

        QuarantineDigest.Digest composed = digest.compose(EXAMPLE, T0).orElseThrow();

        assertThat(composed.subject()).isEqualTo("2 new mails held for example.com");
        assertThat(composed.mails()).isEqualTo(2);
        assertThat(composed.until()).isEqualTo(clock.instant());
        assertThat(composed.text()).contains(
            "2026-01-01T00:05:00Z | sender bounce@sender.example | From: \"Mallory\" <mallory@sender.example>"
                + " | Subject: Your invoice | held by block list entry 42 'sender.example' of domain example.com"
                + " | id " + second.id().asString() + " | expires 2026-01-31T00:05:00Z\n"
                + "2026-01-01T00:00:00Z | sender bounce@sender.example | From: \"Mallory\" <mallory@sender.example>"
                + " | Subject: Cheap watches | held by block list entry 42 'sender.example' of domain example.com"
                + " | id " + first.id().asString() + " | expires 2026-01-31T00:00:00Z\n");
        assertThat(composed.text())
            .contains("GET /smtpy/domains/example.com/quarantine")
            .contains("POST /smtpy/domains/example.com/quarantine/{id}/release")
            .contains("./smtpy quarantine list example.com")
            .contains("PATCH /smtpy/domains/example.com with {\"quarantineDigest\": false}")
            .doesNotContain("and 0 more");
    }

    @Test
    void oneMailShouldBeSingular() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "hello");
        clock.moveBy(Duration.ofMinutes(1));

        assertThat(digest.compose(EXAMPLE, T0).orElseThrow().subject()).isEqualTo("1 new mail held for example.com");
    }

    @Test
    void digestShouldNeverCarryTheMessageBody() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "hello");
        clock.moveBy(Duration.ofMinutes(1));

        assertThat(digest.compose(EXAMPLE, T0).orElseThrow().text()).doesNotContain(BODY_MARKER);
    }

    @Test
    void onlyHeldQuarantinedMailOfTheDomainReceivedInTheWindowShouldCount() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "before the window");
        clock.moveBy(Duration.ofHours(1));
        Instant since = clock.instant();
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "in the window");
        hold(EXAMPLE, QuarantineKind.DROPPED, "dropped, not held for review");
        hold(OTHER, QuarantineKind.QUARANTINED, "another domain");
        QuarantinedMail released = hold(EXAMPLE, QuarantineKind.QUARANTINED, "released already");
        quarantine.release(EXAMPLE, released.id());
        QuarantinedMail deleted = hold(EXAMPLE, QuarantineKind.QUARANTINED, "deleted already");
        quarantine.delete(EXAMPLE, deleted.id());
        clock.moveBy(Duration.ofMinutes(1));

        QuarantineDigest.Digest composed = digest.compose(EXAMPLE, since).orElseThrow();

        assertThat(composed.mails()).isEqualTo(1);
        assertThat(composed.text()).contains("Subject: in the window")
            .doesNotContain("before the window", "dropped, not held", "another domain", "released already", "deleted already");
    }

    @Test
    void mailReceivedAtTheEndOfTheWindowShouldBelongToTheNextDigest() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "at the very end");

        assertThat(digest.compose(EXAMPLE, T0.minus(Duration.ofDays(1)))).isEmpty();
        clock.moveBy(Duration.ofSeconds(1));
        assertThat(digest.compose(EXAMPLE, T0).orElseThrow().text()).contains("at the very end");
    }

    @Test
    void atMostFiftyLinesShouldBeListedAndTheRestCounted() throws Exception {
        for (int i = 0; i < QuarantineDigest.MAX_LINES + 7; i++) {
            hold(EXAMPLE, QuarantineKind.QUARANTINED, "mail " + i);
            clock.moveBy(Duration.ofSeconds(1));
        }

        QuarantineDigest.Digest composed = digest.compose(EXAMPLE, T0).orElseThrow();

        assertThat(composed.subject()).isEqualTo("57 new mails held for example.com");
        assertThat(composed.text().lines().filter(line -> line.contains(" | id "))).hasSize(QuarantineDigest.MAX_LINES);
        assertThat(composed.text()).contains("Subject: mail 56 |").doesNotContain("Subject: mail 6 |").contains("\nand 7 more\n");
    }

    @Test
    void longSubjectsShouldBeCutAndControlCharactersRemoved() throws Exception {
        hold(EXAMPLE, QuarantineKind.QUARANTINED, "=?UTF-8?Q?Line=0D=0AX-Injected:_yes=09tab=E2=80=AEreversed?= " + "x".repeat(200));
        clock.moveBy(Duration.ofMinutes(1));

        String text = digest.compose(EXAMPLE, T0).orElseThrow().text();
        String subject = text.lines().filter(line -> line.contains(" | id ")).findFirst().orElseThrow()
            .replaceAll(".* \\| Subject: (.*) \\| held by .*", "$1");

        assertThat(subject).startsWith("Line X-Injected: yes tabreversed xxx").endsWith("x…");
        assertThat(subject.codePointCount(0, subject.length())).isEqualTo(QuarantineDigest.SUBJECT_CHARS);
        assertThat(text.lines()).noneMatch(line -> line.startsWith("X-Injected"));
        assertThat(subject.chars()).noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT);
    }

    @Test
    void cleanShouldKeepShortTextAsItIsAndFoldWhiteSpace() {
        assertThat(QuarantineDigest.clean("  Hello\r\n\tworld  ", 80)).isEqualTo("Hello world");
        assertThat(QuarantineDigest.clean("Grüße 👋 aus Köln", 80)).isEqualTo("Grüße 👋 aus Köln");
        assertThat(QuarantineDigest.clean("abcdef", 6)).isEqualTo("abcdef");
        assertThat(QuarantineDigest.clean("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(QuarantineDigest.clean("👋".repeat(10), 5)).isEqualTo("👋👋👋👋…");
    }

    @Test
    void aNullSenderAndMissingFieldsShouldShowAsSuch() throws Exception {
        quarantine.hold(Hold.of(EXAMPLE, MaybeSender.nullSender(), List.of(), QuarantineKind.QUARANTINED, "\r\nbody\r\n".getBytes(StandardCharsets.UTF_8)));
        clock.moveBy(Duration.ofMinutes(1));

        assertThat(digest.compose(EXAMPLE, T0).orElseThrow().text())
            .contains(" | sender <> | From: - | Subject: - | held by - | id ");
    }
}
