package io.smtpy.store.embedded;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.InvitationRepository;
import io.smtpy.access.store.InvitationRepositoryContract;

class EmbeddedInvitationRepositoryTest implements InvitationRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public InvitationRepository testee() {
        return embedded.store().access().invitations();
    }
}
