package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.MemberRepository;
import io.smtpy.access.store.MemberRepositoryContract;

class EmbeddedMemberRepositoryTest implements MemberRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public MemberRepository testee() {
        return embedded.store().access().members();
    }
}
