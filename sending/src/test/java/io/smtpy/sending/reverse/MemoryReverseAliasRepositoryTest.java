package io.smtpy.sending.reverse;

class MemoryReverseAliasRepositoryTest implements ReverseAliasRepositoryContract {
    private final MemoryReverseAliasRepository repository = new MemoryReverseAliasRepository();

    @Override
    public ReverseAliasRepository testee() {
        return repository;
    }
}
