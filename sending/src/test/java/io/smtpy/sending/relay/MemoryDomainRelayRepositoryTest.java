package io.smtpy.sending.relay;

class MemoryDomainRelayRepositoryTest implements DomainRelayRepositoryContract {
    private final MemoryDomainRelayRepository repository = new MemoryDomainRelayRepository();

    @Override
    public DomainRelayRepository testee() {
        return repository;
    }
}
