package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.model.Alias;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.AliasRepositoryContract;

class CassandraAliasRepositoryTest implements AliasRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraAliasRepository.TABLES);

    @Override
    public AliasRepository testee() {
        return new CassandraAliasRepository(CASSANDRA.store());
    }

    @Test
    void aSaveSpanningManyBatchesShouldStoreThemAll() {
        List<Alias> aliases = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            aliases.add(AliasRepositoryContract.alias(EXAMPLE, String.format("a%04d", i), "x@dest.example").toBuilder()
                .description("d".repeat(400)).build());
        }

        testee().saveAll(aliases);

        assertThat(testee().all(EXAMPLE)).containsExactlyElementsOf(aliases);
    }

    @Test
    void aFailedBatchShouldPutBackWhatTheEarlierBatchesWrote() {
        testee().create(AliasRepositoryContract.alias(EXAMPLE, "a0001", "old@dest.example"));
        List<Alias> aliases = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            aliases.add(AliasRepositoryContract.alias(EXAMPLE, String.format("a%04d", i), "new@dest.example"));
        }
        // The second batch spans two partitions (domains) and 100 KB: over Cassandra's batch limit (50 KiB), it is
        // refused after the first batch was written. The repository's own budget is lifted so that it sends it.
        for (int i = 0; i < 25; i++) {
            aliases.add(AliasRepositoryContract.alias(EXAMPLE, "b" + i, "new@dest.example").toBuilder()
                .description("d".repeat(2000)).build());
            aliases.add(AliasRepositoryContract.alias(OTHER, "b" + i, "new@dest.example").toBuilder()
                .description("d".repeat(2000)).build());
        }
        AliasRepository unbudgeted = new CassandraAliasRepository(CASSANDRA.store(), Integer.MAX_VALUE);

        assertThatThrownBy(() -> unbudgeted.saveAll(aliases)).isInstanceOf(CassandraStoreException.class)
            .hasMessageContaining("failed saving 50 aliases");

        assertThat(testee().all(EXAMPLE)).containsExactly(AliasRepositoryContract.alias(EXAMPLE, "a0001", "old@dest.example"));
        assertThat(testee().all(OTHER)).isEmpty();
    }
}
