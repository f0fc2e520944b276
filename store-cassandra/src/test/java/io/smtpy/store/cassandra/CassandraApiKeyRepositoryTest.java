package io.smtpy.store.cassandra;

import static io.smtpy.access.store.ApiKeyRepositoryContract.ACME;
import static io.smtpy.access.store.ApiKeyRepositoryContract.BETA;
import static io.smtpy.access.store.ApiKeyRepositoryContract.KEY_1;
import static io.smtpy.access.store.ApiKeyRepositoryContract.T0;
import static io.smtpy.access.store.ApiKeyRepositoryContract.key;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.access.store.ApiKeyRepositoryContract;

class CassandraApiKeyRepositoryTest implements ApiKeyRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraApiKeyRepository.TABLES);

    @Override
    public ApiKeyRepository testee() {
        return new CassandraApiKeyRepository(CASSANDRA.store());
    }

    @Test
    void anUpdateThatMovesAKeyShouldMoveItsListing() {
        testee().create(key(KEY_1, ACME, T0));

        testee().update(key(KEY_1, BETA, T0.plusSeconds(1)));

        assertThat(testee().ofAccount(ACME)).isEmpty();
        assertThat(testee().ofAccount(BETA)).containsExactly(key(KEY_1, BETA, T0.plusSeconds(1)));
    }

    @Test
    void aRecordedUseOfAMissingKeyShouldCreateNothing() {
        testee().recordUse(KEY_1, T0, "192.0.2.1");

        assertThat(testee().get(KEY_1)).isEmpty();
        assertThat(testee().revoke(KEY_1, T0)).isFalse();
        assertThat(testee().get(KEY_1)).isEmpty();
    }
}
