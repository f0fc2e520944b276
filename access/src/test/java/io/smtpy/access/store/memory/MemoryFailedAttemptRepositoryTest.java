package io.smtpy.access.store.memory;

import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.access.store.FailedAttemptRepositoryContract;

class MemoryFailedAttemptRepositoryTest implements FailedAttemptRepositoryContract {
    private final MemoryFailedAttemptRepository testee = new MemoryFailedAttemptRepository();

    @Override
    public FailedAttemptRepository testee() {
        return testee;
    }
}
