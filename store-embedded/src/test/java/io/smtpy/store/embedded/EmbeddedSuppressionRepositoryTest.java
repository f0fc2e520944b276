package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.suppression.SuppressionRepositoryContract;

class EmbeddedSuppressionRepositoryTest implements SuppressionRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public SuppressionRepository testee() {
        return embedded.store().suppressions();
    }
}
