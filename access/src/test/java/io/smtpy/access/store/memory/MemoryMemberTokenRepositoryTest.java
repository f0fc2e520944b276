package io.smtpy.access.store.memory;

import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.access.store.MemberTokenRepositoryContract;

class MemoryMemberTokenRepositoryTest implements MemberTokenRepositoryContract {
    private final MemoryMemberTokenRepository testee = new MemoryMemberTokenRepository();

    @Override
    public MemberTokenRepository testee() {
        return testee;
    }
}
