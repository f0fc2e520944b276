package io.smtpy.access.store.memory;

import io.smtpy.access.store.MemberRepository;
import io.smtpy.access.store.MemberRepositoryContract;

class MemoryMemberRepositoryTest implements MemberRepositoryContract {
    private final MemoryMemberRepository testee = new MemoryMemberRepository();

    @Override
    public MemberRepository testee() {
        return testee;
    }
}
