package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.access.store.FailedAttemptRepositoryContract;

class EmbeddedFailedAttemptRepositoryTest implements FailedAttemptRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public FailedAttemptRepository testee() {
        return embedded.store().access().failedAttempts();
    }
}
