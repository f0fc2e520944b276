package io.smtpy.bounces.copies;

class MemoryFailedCopyRepositoryTest implements FailedCopyRepositoryContract {
    private final FailedCopyRepository testee = new MemoryFailedCopyRepository();

    @Override
    public FailedCopyRepository testee() {
        return testee;
    }
}
