package io.smtpy.bounces.copies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** What every {@link FailedCopyRepository} does; backends run it by implementing {@link #testee()}. */
public interface FailedCopyRepositoryContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName HELD = DomainName.of("held.example");
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    FailedCopyRepository testee();

    static FailedCopy copy(DomainName domain, String journeyId, String body, Instant keptAt) {
        return new FailedCopy(domain, journeyId, Optional.of("info"), Optional.of("<m1@sender.example>"),
            "SRS0=abcd=XY=sender.example=alice@" + domain.asString(), List.of("gone@dest.example", "full@dest.example"),
            ("Subject: hi\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8), keptAt, keptAt.plus(Duration.ofDays(5)));
    }

    @Test
    default void aKeptCopyShouldBeFoundAsGivenWithItsBytes() {
        FailedCopy copy = copy(EXAMPLE, "journey-1", "\u00e9t\u00e9 \u0000 bytes", T0);

        testee().keep(copy);

        assertThat(testee().find(EXAMPLE, "journey-1")).contains(copy);
        assertThat(testee().keptUntil(EXAMPLE, "journey-1")).contains(T0.plus(Duration.ofDays(5)));
        assertThat(testee().find(HELD, "journey-1")).isEmpty();
        assertThat(testee().keptUntil(EXAMPLE, "journey-2")).isEmpty();
    }

    @Test
    default void aJourneyShouldKeepItsLastFailedCopy() {
        testee().keep(copy(EXAMPLE, "journey-1", "first", T0));
        FailedCopy last = copy(EXAMPLE, "journey-1", "second", T0.plusSeconds(60));

        testee().keep(last);

        assertThat(testee().find(EXAMPLE, "journey-1")).contains(last);
    }

    @Test
    default void purgeShouldForgetExpiredCopiesExceptOnHeldDomains() {
        FailedCopy recent = copy(EXAMPLE, "recent", "x", T0.plus(Duration.ofDays(1)));
        FailedCopy held = copy(HELD, "held", "x", T0);
        testee().keep(copy(EXAMPLE, "old", "x", T0));
        testee().keep(recent);
        testee().keep(held);

        assertThat(testee().purgeExpired(T0.plus(Duration.ofDays(5)), Set.of(HELD))).isEqualTo(1);

        assertThat(testee().find(EXAMPLE, "old")).isEmpty();
        assertThat(testee().find(EXAMPLE, "recent")).contains(recent);
        assertThat(testee().find(HELD, "held")).contains(held);
    }
}
