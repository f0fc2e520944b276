package io.smtpy.analytics;

class MemoryRollupRepositoryTest implements RollupRepositoryContract {
    private final MemoryRollupRepository repository = new MemoryRollupRepository();

    @Override
    public RollupRepository testee() {
        return repository;
    }
}
