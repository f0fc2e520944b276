package io.smtpy.rules.quarantine;

class MemoryQuarantineRepositoryTest implements QuarantineRepositoryContract {
    private final MemoryQuarantineRepository repository = new MemoryQuarantineRepository();

    @Override
    public QuarantineRepository testee() {
        return repository;
    }
}
