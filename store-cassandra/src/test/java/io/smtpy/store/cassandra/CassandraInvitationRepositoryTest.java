package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.AccessId;
import io.smtpy.access.Invitation;
import io.smtpy.access.Role;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.access.store.InvitationRepositoryContract;

class CassandraInvitationRepositoryTest implements InvitationRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraInvitationRepository.TABLES);

    @Override
    public InvitationRepository testee() {
        return new CassandraInvitationRepository(CASSANDRA.store());
    }

    @Test
    void invitationRowShouldExpireThirtyDaysAfterTheInvitation() {
        Instant now = Instant.now();
        testee().create(pending(now, now.plus(Duration.ofDays(7))));

        long expected = Duration.ofDays(7).plus(CassandraInvitationRepository.KEPT_AFTER_EXPIRY).toSeconds();
        assertThat(secondsToLive()).isBetween(expected - 60, expected);
    }

    @Test
    void renewalShouldLengthenTheRowsLife() {
        Instant now = Instant.now();
        testee().create(pending(now, now.plus(Duration.ofDays(7))));

        testee().update(pending(now, now.plus(Duration.ofDays(7))).renewed("new-hash", now.plus(Duration.ofDays(20))));

        long expected = Duration.ofDays(20).plus(CassandraInvitationRepository.KEPT_AFTER_EXPIRY).toSeconds();
        assertThat(secondsToLive()).isBetween(expected - 60, expected);
    }

    private static Invitation pending(Instant createdAt, Instant expiresAt) {
        return new Invitation(AccessId.of("inv_one"), ACME, "new.member@example.com", Role.MEMBER, "hash", "mem_jane",
            createdAt, expiresAt, Invitation.State.PENDING);
    }

    private static long secondsToLive() {
        return CASSANDRA.store().execute(CASSANDRA.store().prepare("SELECT TTL(state) AS ttl FROM invitations WHERE id = ?")
            .bind("inv_one"), "reading a TTL").one().getInt("ttl");
    }
}
