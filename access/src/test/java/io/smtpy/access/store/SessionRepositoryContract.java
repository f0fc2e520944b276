package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Session;

/**
 * What every {@link SessionRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface SessionRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId JANE = AccessId.of("mem_jane");
    AccessId JOHN = AccessId.of("mem_john");

    SessionRepository testee();

    static Session session(String id, AccessId member, Instant createdAt, Instant expiresAt) {
        return new Session(AccessId.of(id), member, "hash-of-" + id, createdAt, expiresAt, "192.0.2.1", "smtpy-cli/1.0");
    }

    @Test
    default void createdSessionShouldBeFoundWithEveryField() {
        Session session = new Session(AccessId.of("ses_one"), JANE, "ab12" + "0".repeat(60), T0, T0.plusSeconds(3_600).plusMillis(1),
            "2001:db8::7", "Mozilla/5.0 (X11; Linux x86_64) «test»");
        testee().create(session);

        Session found = testee().get(AccessId.of("ses_one")).orElseThrow();
        assertThat(found).isEqualTo(session);
        assertThat(found.tokenHash()).isEqualTo("ab12" + "0".repeat(60));
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.expiresAt()).isEqualTo(T0.plusSeconds(3_600).plusMillis(1));
        assertThat(found.source()).isEqualTo("2001:db8::7");
        assertThat(found.userAgent()).isEqualTo("Mozilla/5.0 (X11; Linux x86_64) «test»");
    }

    @Test
    default void unknownSessionShouldNotBeFound() {
        assertThat(testee().get(AccessId.of("ses_one"))).isEmpty();
    }

    @Test
    default void ofMemberShouldListThatMembersSessionsOldestFirst() {
        testee().create(session("ses_c", JANE, T0.plusSeconds(30), T0.plusSeconds(100)));
        testee().create(session("ses_a", JANE, T0.plusSeconds(10), T0.plusSeconds(100)));
        testee().create(session("ses_x", JOHN, T0.plusSeconds(20), T0.plusSeconds(100)));
        testee().create(session("ses_b", JANE, T0.plusSeconds(20), T0.plusSeconds(100)));

        assertThat(testee().ofMember(JANE)).extracting(Session::id)
            .containsExactly(AccessId.of("ses_a"), AccessId.of("ses_b"), AccessId.of("ses_c"));
        assertThat(testee().ofMember(JOHN)).containsExactly(session("ses_x", JOHN, T0.plusSeconds(20), T0.plusSeconds(100)));
        assertThat(testee().ofMember(AccessId.of("mem_none"))).isEmpty();
    }

    @Test
    default void deleteShouldEndOnlyThatSession() {
        testee().create(session("ses_a", JANE, T0, T0.plusSeconds(100)));
        testee().create(session("ses_b", JANE, T0, T0.plusSeconds(100)));

        assertThat(testee().delete(AccessId.of("ses_a"))).isTrue();

        assertThat(testee().get(AccessId.of("ses_a"))).isEmpty();
        assertThat(testee().ofMember(JANE)).extracting(Session::id).containsExactly(AccessId.of("ses_b"));
    }

    @Test
    default void deleteOfAnUnknownSessionShouldSayNothingWasDeleted() {
        assertThat(testee().delete(AccessId.of("ses_a"))).isFalse();
    }

    @Test
    default void deleteOfMemberShouldEndEverySessionOfThatMemberOnly() {
        testee().create(session("ses_a", JANE, T0, T0.plusSeconds(100)));
        testee().create(session("ses_b", JANE, T0.plusSeconds(1), T0.plusSeconds(100)));
        testee().create(session("ses_c", JOHN, T0, T0.plusSeconds(100)));

        testee().deleteOfMember(JANE);

        assertThat(testee().ofMember(JANE)).isEmpty();
        assertThat(testee().get(AccessId.of("ses_a"))).isEmpty();
        assertThat(testee().ofMember(JOHN)).extracting(Session::id).containsExactly(AccessId.of("ses_c"));
    }

    @Test
    default void deleteOfMemberWithoutSessionsShouldDoNothing() {
        testee().create(session("ses_c", JOHN, T0, T0.plusSeconds(100)));

        testee().deleteOfMember(JANE);

        assertThat(testee().ofMember(JOHN)).hasSize(1);
    }

    @Test
    default void deleteExpiredShouldForgetSessionsExpiredByNowAndCountThem() {
        Instant now = T0.plusSeconds(100);
        testee().create(session("ses_old", JANE, T0, now.minusMillis(1)));
        testee().create(session("ses_now", JOHN, T0, now));
        testee().create(session("ses_live", JANE, T0, now.plusMillis(1)));

        assertThat(testee().deleteExpired(now)).isEqualTo(2);

        assertThat(testee().get(AccessId.of("ses_old"))).isEmpty();
        // Session.expired: a session is over at its expiry instant.
        assertThat(testee().get(AccessId.of("ses_now"))).isEmpty();
        assertThat(testee().get(AccessId.of("ses_live"))).isPresent();
    }

    @Test
    default void deleteExpiredWithNothingExpiredShouldCountNothing() {
        testee().create(session("ses_live", JANE, T0, T0.plusSeconds(100)));

        assertThat(testee().deleteExpired(T0)).isZero();
        assertThat(testee().ofMember(JANE)).hasSize(1);
    }
}
