package io.smtpy.limits;

class MemoryLimitSettingsRepositoryTest implements LimitSettingsRepositoryContract {
    private final MemoryLimitSettingsRepository repository = new MemoryLimitSettingsRepository();

    @Override
    public LimitSettingsRepository testee() {
        return repository;
    }
}
