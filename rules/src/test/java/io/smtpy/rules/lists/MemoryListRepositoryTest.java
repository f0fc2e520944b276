package io.smtpy.rules.lists;

class MemoryListRepositoryTest implements ListRepositoryContract {
    private final MemoryListRepository repository = new MemoryListRepository();

    @Override
    public ListRepository testee() {
        return repository;
    }
}
