package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.relay.DomainRelay;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.DomainRelayRepositoryContract;

class EmbeddedDomainRelayRepositoryTest implements DomainRelayRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public DomainRelayRepository testee() {
        return embedded.store().domainRelays();
    }

    @Test
    void relayShouldStillBeThereAfterTheStoreWasReopened() {
        DomainRelay relay = DomainRelayRepositoryContract.relay(DOMAIN, "smtp.relay.example");
        testee().save(relay);

        assertThat(embedded.reopen().domainRelays().find(DOMAIN)).contains(relay);
    }
}
