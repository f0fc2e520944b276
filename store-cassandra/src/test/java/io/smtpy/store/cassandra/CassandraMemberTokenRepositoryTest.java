package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.AccessId;
import io.smtpy.access.MemberToken;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.access.store.MemberTokenRepositoryContract;

class CassandraMemberTokenRepositoryTest implements MemberTokenRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraMemberTokenRepository.TABLES);

    @Override
    public MemberTokenRepository testee() {
        return new CassandraMemberTokenRepository(CASSANDRA.store());
    }

    @Test
    void tokenRowShouldExpireThirtyDaysAfterTheToken() {
        Instant now = Instant.now();
        testee().create(resetToken(now, now.plus(Duration.ofHours(1))));

        long expected = Duration.ofHours(1).plus(CassandraMemberTokenRepository.KEPT_AFTER_EXPIRY).toSeconds();
        assertThat(secondsToLive()).isBetween(expected - 60, expected);
    }

    @Test
    void updateShouldNeverShortenTheRowsLife() {
        Instant now = Instant.now();
        testee().create(resetToken(now, now.plus(Duration.ofDays(10))));

        testee().update(resetToken(now, now.plus(Duration.ofHours(1))).used(now));

        long expected = Duration.ofDays(10).plus(CassandraMemberTokenRepository.KEPT_AFTER_EXPIRY).toSeconds();
        assertThat(secondsToLive()).isBetween(expected - 60, expected);
    }

    private static MemberToken resetToken(Instant createdAt, Instant expiresAt) {
        return new MemberToken(AccessId.of("tok_one"), JANE, MemberToken.Kind.PASSWORD_RESET, "hash", createdAt, expiresAt,
            Optional.empty());
    }

    private static long secondsToLive() {
        return CASSANDRA.store().execute(CASSANDRA.store().prepare("SELECT TTL(secret_hash) AS ttl FROM member_tokens"
            + " WHERE id = ?").bind("tok_one"), "reading a TTL").one().getInt("ttl");
    }
}
