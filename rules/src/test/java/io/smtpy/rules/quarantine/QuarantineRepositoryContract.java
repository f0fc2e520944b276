package io.smtpy.rules.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/** What every {@link QuarantineRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface QuarantineRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");
    byte[] MESSAGE = "Subject: hello\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    QuarantineRepository testee();

    /** A held mail of the domain received at {@code receivedAt}, from {@code sender}, with that subject. */
    static QuarantinedMail mail(DomainName domain, Instant receivedAt, String sender, String subject) {
        try {
            return QuarantinedMail.builder(QuarantineId.random(), domain, QuarantineKind.QUARANTINED, receivedAt,
                    receivedAt.plus(Duration.ofDays(30)))
                .sender(MaybeSender.of(new MailAddress(sender)))
                .recipients(List.of(new MailAddress("info@" + domain.asString())))
                .subject(Optional.of(subject))
                .size(MESSAGE.length)
                .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every field set, with text that trips naive storage (quotes, SQL, JSON, beyond the BMP). */
    static QuarantinedMail richMail() throws Exception {
        return QuarantinedMail.builder(QuarantineId.random(), EXAMPLE, QuarantineKind.DROPPED, T0.plusNanos(123_456_789),
                T0.plus(Duration.ofDays(7)).plusNanos(1))
            .alias(Optional.of(LocalPart.of("info")))
            .sender(MaybeSender.of(new MailAddress("o'brien@sender.example")))
            .recipients(List.of(new MailAddress("info@example.com"), new MailAddress("sales@example.com")))
            .reason("block list entry 'x'; DROP TABLE quarantine;--")
            .decidedBy("rule \"spam\" of info@example.com")
            .verdicts(Map.of("spf", "pass", "dkim", "fail", "dmarc", "{\"json\": true}", "arc", "none"))
            .subject(Optional.of("Ré: \uD83D\uDCEC \"quoted\""))
            .headerFrom(Optional.of("\"Ö'Brien\" <o'brien@sender.example>"))
            .messageId(Optional.of("<id@sender.example>"))
            .size(12_345)
            .state(QuarantineState.RELEASED)
            .releasedAt(Optional.of(T0.plusSeconds(3600)))
            .build();
    }

    @Test
    default void everyFieldShouldRoundTrip() throws Exception {
        QuarantinedMail rich = richMail();
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }

        testee().put(rich, bytes);

        assertThat(testee().find(EXAMPLE, rich.id())).contains(rich);
        assertThat(testee().message(EXAMPLE, rich.id())).hasValueSatisfying(stored -> assertThat(stored).isEqualTo(bytes));
    }

    @Test
    default void nullSenderAndEmptyFieldsShouldRoundTrip() {
        QuarantinedMail bare = QuarantinedMail.builder(QuarantineId.random(), EXAMPLE, QuarantineKind.QUARANTINED, T0, T0.plusSeconds(1)).build();

        testee().put(bare, new byte[0]);

        assertThat(testee().find(EXAMPLE, bare.id())).contains(bare);
        assertThat(testee().find(EXAMPLE, bare.id()).orElseThrow().sender().isNullSender()).isTrue();
        assertThat(testee().message(EXAMPLE, bare.id())).hasValueSatisfying(stored -> assertThat(stored).isEmpty());
    }

    @Test
    default void anIdShouldBeFoundInItsDomainOnly() {
        QuarantinedMail mail = mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        assertThat(testee().find(OTHER, mail.id())).isEmpty();
        assertThat(testee().message(OTHER, mail.id())).isEmpty();
        assertThat(testee().delete(OTHER, mail.id())).isFalse();
        assertThat(testee().find(EXAMPLE, mail.id())).isPresent();
    }

    @Test
    default void puttingAnIdTwiceShouldBeRefused() {
        QuarantinedMail mail = mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        assertThatThrownBy(() -> testee().put(mail, MESSAGE)).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void listShouldGiveHeldMailsNewestFirstWithTheTotal() {
        QuarantinedMail oldest = mail(EXAMPLE, T0, "a@b.example", "one");
        QuarantinedMail tiedFirst = mail(EXAMPLE, T0.plusSeconds(10), "a@b.example", "two");
        QuarantinedMail tiedSecond = mail(EXAMPLE, T0.plusSeconds(10), "a@b.example", "three");
        QuarantinedMail released = mail(EXAMPLE, T0.plusSeconds(20), "a@b.example", "four").released(T0.plusSeconds(30));
        List.of(oldest, tiedFirst, tiedSecond, released, mail(OTHER, T0, "a@b.example", "x"))
            .forEach(mail -> testee().put(mail, MESSAGE));

        QuarantinePage page = testee().list(QuarantineQuery.of(EXAMPLE));

        assertThat(page.items()).containsExactly(tiedSecond, tiedFirst, oldest);
        assertThat(page.total()).isEqualTo(3);
        QuarantinePage second = testee().list(QuarantineQuery.of(EXAMPLE).limit(2).offset(2));
        assertThat(second.items()).containsExactly(oldest);
        assertThat(second.total()).isEqualTo(3);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).anyState()).items()).containsExactly(released, tiedSecond, tiedFirst, oldest);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).state(QuarantineState.RELEASED)).items()).containsExactly(released);
    }

    @Test
    default void listShouldFilterByAliasKindTextAndTime() throws Exception {
        QuarantinedMail info = mail(EXAMPLE, T0, "Alice@Shop.example", "Weekly NEWS").toBuilder().alias(Optional.of(LocalPart.of("info"))).build();
        QuarantinedMail dropped = QuarantinedMail.builder(QuarantineId.random(), EXAMPLE, QuarantineKind.DROPPED, T0.plusSeconds(60), T0.plus(Duration.ofDays(7)))
            .sender(MaybeSender.of(new MailAddress("bob@other.example"))).subject(Optional.of("Invoice")).build();
        QuarantinedMail late = mail(EXAMPLE, T0.plusSeconds(120), "carol@shop.example", "Ünïcode news");
        List.of(info, dropped, late).forEach(mail -> testee().put(mail, MESSAGE));

        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).alias(LocalPart.of("info"))).items()).containsExactly(info);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).kind(QuarantineKind.DROPPED)).items()).containsExactly(dropped);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).senderContains("SHOP.example")).items()).containsExactly(late, info);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).subjectContains("news")).items()).containsExactly(late, info);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).subjectContains("ÜNÏCODE")).items()).containsExactly(late);
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).subjectContains("100%_")).items()).isEmpty();
        assertThat(testee().list(QuarantineQuery.of(EXAMPLE).receivedFrom(T0.plusSeconds(60)).receivedTo(T0.plusSeconds(120))).items())
            .containsExactly(dropped);
    }

    @Test
    default void updateShouldReplaceTheMetadataAndKeepTheBytes() {
        QuarantinedMail mail = mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        testee().update(mail.released(T0.plusSeconds(5)));

        assertThat(testee().find(EXAMPLE, mail.id())).contains(mail.released(T0.plusSeconds(5)));
        assertThat(testee().message(EXAMPLE, mail.id())).hasValueSatisfying(stored -> assertThat(stored).isEqualTo(MESSAGE));
    }

    @Test
    default void updateOfAnUnknownMailShouldBeRefused() {
        assertThatThrownBy(() -> testee().update(mail(EXAMPLE, T0, "a@b.example", "s"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    default void deleteShouldRemoveTheMailAndItsBytes() {
        QuarantinedMail mail = mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(mail, MESSAGE);

        assertThat(testee().delete(EXAMPLE, mail.id())).isTrue();

        assertThat(testee().find(EXAMPLE, mail.id())).isEmpty();
        assertThat(testee().message(EXAMPLE, mail.id())).isEmpty();
        assertThat(testee().delete(EXAMPLE, mail.id())).isFalse();
        testee().put(mail, MESSAGE);
    }

    @Test
    default void expiredShouldGiveMailsOfAnyDomainAndStatePastTheirExpirySoonestFirst() {
        QuarantinedMail later = mail(EXAMPLE, T0, "a@b.example", "s");
        QuarantinedMail sooner = mail(OTHER, T0.minus(Duration.ofDays(1)), "a@b.example", "s").released(T0);
        QuarantinedMail notYet = mail(EXAMPLE, T0.plusSeconds(1), "a@b.example", "s");
        List.of(later, sooner, notYet).forEach(mail -> testee().put(mail, MESSAGE));
        Instant now = T0.plus(Duration.ofDays(30));

        assertThat(testee().expired(now, 10)).containsExactly(sooner, later);
        assertThat(testee().expired(now, 1)).containsExactly(sooner);
        assertThat(testee().expired(T0, 10)).isEmpty();
    }

    @Test
    default void deleteDomainShouldRemoveOnlyThatDomainsMails() {
        QuarantinedMail kept = mail(OTHER, T0, "a@b.example", "s");
        QuarantinedMail gone = mail(EXAMPLE, T0, "a@b.example", "s");
        testee().put(kept, MESSAGE);
        testee().put(gone, MESSAGE);

        testee().deleteDomain(EXAMPLE);

        assertThat(testee().find(EXAMPLE, gone.id())).isEmpty();
        assertThat(testee().message(EXAMPLE, gone.id())).isEmpty();
        assertThat(testee().find(OTHER, kept.id())).contains(kept);
    }
}
