package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.limits.LimitDirection;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.limits.LimitSettingsRepositoryContract;

class EmbeddedLimitSettingsRepositoryTest implements LimitSettingsRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public LimitSettingsRepository testee() {
        return embedded.store().limitSettings();
    }

    @Test
    void setsShouldSurviveReopeningTheStore() {
        testee().put(LimitSettingsRepositoryContract.set(SALES, LimitDirection.INBOUND, 7));

        assertThat(embedded.reopen().limitSettings().find(SALES, LimitDirection.INBOUND))
            .contains(LimitSettingsRepositoryContract.set(SALES, LimitDirection.INBOUND, 7));
    }
}
