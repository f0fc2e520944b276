package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.SessionRepository;
import io.smtpy.access.store.SessionRepositoryContract;

class EmbeddedSessionRepositoryTest implements SessionRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public SessionRepository testee() {
        return embedded.store().access().sessions();
    }
}
