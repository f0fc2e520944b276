package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.analytics.RollupRepository;
import io.smtpy.analytics.RollupRepositoryContract;

class EmbeddedRollupRepositoryTest implements RollupRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public RollupRepository testee() {
        return embedded.store().rollups();
    }

    @Test
    void rollupsShouldBeFoundAfterReopeningAsHourRows() throws Exception {
        testee().add(List.of(RollupRepositoryContract.rich(H0)));

        embedded.reopen();

        assertThat(testee().find(EXAMPLE, "sales", H0, H1)).containsExactly(RollupRepositoryContract.rich(H0));
        assertThat(RawDatabase.strings(embedded.file(), "SELECT domain || '|' || alias || '|' || interval FROM analytics_rollups"))
            .containsExactly("example.com|sales|hour");
    }
}
