package io.smtpy.access.store.memory;

import io.smtpy.access.store.InvitationRepository;
import io.smtpy.access.store.InvitationRepositoryContract;

class MemoryInvitationRepositoryTest implements InvitationRepositoryContract {
    private final MemoryInvitationRepository testee = new MemoryInvitationRepository();

    @Override
    public InvitationRepository testee() {
        return testee;
    }
}
