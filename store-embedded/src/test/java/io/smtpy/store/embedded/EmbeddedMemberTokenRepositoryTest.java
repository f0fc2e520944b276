package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.access.store.MemberTokenRepositoryContract;

class EmbeddedMemberTokenRepositoryTest implements MemberTokenRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public MemberTokenRepository testee() {
        return embedded.store().access().memberTokens();
    }
}
