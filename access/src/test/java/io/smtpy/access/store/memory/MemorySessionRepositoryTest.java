package io.smtpy.access.store.memory;

import io.smtpy.access.store.SessionRepository;
import io.smtpy.access.store.SessionRepositoryContract;

class MemorySessionRepositoryTest implements SessionRepositoryContract {
    private final MemorySessionRepository testee = new MemorySessionRepository();

    @Override
    public SessionRepository testee() {
        return testee;
    }
}
