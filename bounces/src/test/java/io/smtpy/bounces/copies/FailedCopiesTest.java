package io.smtpy.bounces.copies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.core.testing.MovableClock;

class FailedCopiesTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryFailedCopyRepository repository = new MemoryFailedCopyRepository();
    private final MemoryMailEventRepository events = new MemoryMailEventRepository();
    private final List<String> sent = new ArrayList<>();
    private final FailedCopies copies = new FailedCopies(repository, (copy, to) -> {
        sent.add(to.asString() + " " + new String(copy.message(), StandardCharsets.UTF_8).length());
        return "resent-" + sent.size();
    }, new MailEvents(events), clock, 1024, Duration.ofDays(5));

    private FailedCopies.Kept keep(long size) {
        return copies.keep(DOMAIN, "journey-1", Optional.of("info"), Optional.of("<m1@sender.example>"),
            "SRS0=ab=XY=sender.example=alice@example.com", List.of("gone@dest.example"), size, () -> MESSAGE);
    }

    @Test
    void aFailedCopyShouldBeKeptForTheRetentionAndSaySo() {
        FailedCopies.Kept kept = keep(MESSAGE.length);

        assertThat(kept.until()).contains(T0.plus(Duration.ofDays(5)));
        assertThat(kept.detail()).isEqualTo("copy kept for resending until 2026-12-06T10:00:00Z");
        assertThat(copies.keptUntil(DOMAIN, "journey-1")).contains(T0.plus(Duration.ofDays(5)));
    }

    @Test
    void aCopyOverTheLimitShouldNotBeKeptAndTheDetailSayWhy() {
        FailedCopies.Kept kept = copies.keep(DOMAIN, "journey-1", Optional.empty(), Optional.empty(), "", List.of("a@b.example"),
            4096, () -> {
                throw new AssertionError("the bytes of a copy too large are never read");
            });

        assertThat(kept.until()).isEmpty();
        assertThat(kept.detail()).isEqualTo("copy not kept for resending: 4 KiB is over the 1 KiB kept (failedCopies.maxSizeKiB)");
        assertThat(repository.find(DOMAIN, "journey-1")).isEmpty();
    }

    @Test
    void resendShouldSendTheKeptBytesAndRecordAResentEventInTheJourney() {
        keep(MESSAGE.length);

        String id = copies.resend(DOMAIN, "journey-1", "other@elsewhere.example");

        assertThat(id).isEqualTo("resent-1");
        assertThat(sent).containsExactly("other@elsewhere.example " + MESSAGE.length);
        MailEvent resent = events.journey(DOMAIN, "journey-1").get(0);
        assertThat(resent.type()).isEqualTo(MailEventType.RESENT);
        assertThat(resent.recipients()).containsExactly("other@elsewhere.example");
        assertThat(resent.mailId()).contains("resent-1");
        assertThat(resent.detail()).contains("gone@dest.example", "resent-1");
    }

    @Test
    void resendShouldRefuseABadAddressBeforeAnythingIsSent() {
        keep(MESSAGE.length);

        for (String bad : List.of("", "not an address", "a@", "@b.example")) {
            assertThatThrownBy(() -> copies.resend(DOMAIN, "journey-1", bad)).isInstanceOf(InvalidFieldException.class)
                .satisfies(refused -> assertThat(((InvalidFieldException) refused).field()).isEqualTo("to"));
        }
        assertThat(sent).isEmpty();
        assertThat(events.journey(DOMAIN, "journey-1")).isEmpty();
    }

    @Test
    void resendOfNothingKeptOrExpiredShouldBeNotFound() {
        assertThatThrownBy(() -> copies.resend(DOMAIN, "journey-1", "x@y.example")).isInstanceOf(NotFoundException.class);
        keep(MESSAGE.length);
        clock.moveBy(Duration.ofDays(5));

        assertThatThrownBy(() -> copies.resend(DOMAIN, "journey-1", "x@y.example")).isInstanceOf(NotFoundException.class);
        assertThat(copies.keptUntil(DOMAIN, "journey-1")).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void purgeShouldSpareDomainsUnderLegalHold() {
        keep(MESSAGE.length);
        clock.moveBy(Duration.ofDays(6));

        assertThat(copies.purge(Set.of(DOMAIN))).isZero();
        assertThat(copies.purge(Set.of())).isEqualTo(1);
        assertThat(repository.find(DOMAIN, "journey-1")).isEmpty();
    }
}
