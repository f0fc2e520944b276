package io.smtpy.suppression;

class MemorySuppressionRepositoryTest implements SuppressionRepositoryContract {
    private final MemorySuppressionRepository repository = new MemorySuppressionRepository();

    @Override
    public SuppressionRepository testee() {
        return repository;
    }
}
