package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.bounces.copies.FailedCopyRepositoryContract;

class EmbeddedFailedCopyRepositoryTest implements FailedCopyRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension store = new EmbeddedStoreExtension();

    @Override
    public FailedCopyRepository testee() {
        return store.store().failedCopies();
    }
}
