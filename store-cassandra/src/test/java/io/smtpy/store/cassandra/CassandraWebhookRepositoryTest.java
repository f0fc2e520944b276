package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.webhooks.WebhookEndpoint;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.webhooks.WebhookRepositoryContract;

class CassandraWebhookRepositoryTest implements WebhookRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraWebhookRepository.TABLES);

    @Override
    public WebhookRepository testee() {
        return new CassandraWebhookRepository(CASSANDRA.store());
    }

    @Test
    void anIdShouldBeTakenOnceAcrossScopes() {
        WebhookEndpoint endpoint = WebhookRepositoryContract.endpoint(EXAMPLE, T0);
        testee().create(endpoint);

        WebhookEndpoint sameIdElsewhere = new WebhookEndpoint(endpoint.id(), OTHER, endpoint.url(), endpoint.events(),
            true, Optional.empty(), "sealed", Optional.empty(), Optional.empty(), T0, 0,
            Optional.empty());

        assertThatThrownBy(() -> testee().create(sameIdElsewhere)).isInstanceOf(AlreadyExistsException.class);
    }
}
