package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.webhooks.DeliveryAttempt;
import io.smtpy.webhooks.DeliveryState;
import io.smtpy.webhooks.WebhookDelivery;
import io.smtpy.webhooks.WebhookDeliveryId;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookOutboxContract;

class CassandraWebhookOutboxTest implements WebhookOutboxContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraWebhookOutbox.TABLES);

    /** One node per test: a node sees its own claims again, as the sender expects. */
    private CassandraWebhookOutbox node;

    @Override
    public WebhookOutbox testee() {
        if (node == null) {
            node = new CassandraWebhookOutbox(CASSANDRA.store());
        }
        return node;
    }

    private static CassandraWebhookOutbox anotherNode() {
        return new CassandraWebhookOutbox(CASSANDRA.store());
    }

    @Test
    void twoNodesTakingDueDeliveriesAtOnceShouldNeverBothGetOne() throws Exception {
        for (int i = 0; i < 30; i++) {
            testee().add(WebhookOutboxContract.delivery(EXAMPLE, ENDPOINT, "msg_" + i, T0, T0.plusMillis(i)));
        }
        List<CassandraWebhookOutbox> nodes = List.of(anotherNode(), anotherNode(), anotherNode());
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<WebhookDelivery>>> taken = new ArrayList<>();
        for (CassandraWebhookOutbox each : nodes) {
            taken.add(pool.submit(() -> {
                start.await();
                return each.due(T0.plusSeconds(1), 100);
            }));
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

        Map<WebhookDeliveryId, CassandraWebhookOutbox> holders = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (WebhookDelivery delivery : taken.get(i).get()) {
                assertThat(holders.putIfAbsent(delivery.id(), nodes.get(i))).as("another holder of " + delivery).isNull();
            }
        }
        // A claim lost to a concurrent one is taken at the next round, still by one node only.
        for (CassandraWebhookOutbox each : nodes) {
            for (WebhookDelivery delivery : each.due(T0.plusSeconds(1), 100)) {
                assertThat(holders.computeIfAbsent(delivery.id(), id -> each)).as("the holder of " + delivery).isSameAs(each);
            }
        }
        assertThat(holders).hasSize(30);
    }

    @Test
    void aDeliveryClaimedByAnotherNodeShouldBeLeftOutUntilItsLeaseRunsOut() {
        WebhookDelivery delivery = WebhookOutboxContract.delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        testee().add(delivery);
        CassandraWebhookOutbox dead = anotherNode();

        assertThat(dead.due(T0, 10)).containsExactly(delivery);

        assertThat(testee().due(T0.plusSeconds(60), 10)).isEmpty();
        assertThat(testee().batchable(EXAMPLE, ENDPOINT, T0.plusSeconds(60), 10)).isEmpty();
        assertThat(testee().due(T0.plus(CassandraWebhookOutbox.CLAIM_LEASE), 10)).containsExactly(delivery);
    }

    @Test
    void anUpdateShouldReleaseTheClaimForTheNextAttempt() {
        WebhookDelivery delivery = WebhookOutboxContract.delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        testee().add(delivery);
        CassandraWebhookOutbox first = anotherNode();
        assertThat(first.due(T0, 10)).containsExactly(delivery);
        WebhookDelivery retried = delivery.attempted(
            new DeliveryAttempt(T0, Optional.of(503), 5, "answered 503"), DeliveryState.PENDING, T0.plusSeconds(30));

        first.update(retried);

        assertThat(testee().due(T0.plusSeconds(29), 10)).isEmpty();
        assertThat(testee().due(T0.plusSeconds(30), 10)).containsExactly(retried);
        assertThat(first.due(T0.plusSeconds(30), 10)).isEmpty();
    }

    @Test
    void aFinishedDeliveryShouldNoLongerBeDue() {
        WebhookDelivery delivery = WebhookOutboxContract.delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        testee().add(delivery);
        List<WebhookDelivery> due = testee().due(T0, 10);

        testee().update(due.get(0).attempted(new DeliveryAttempt(T0, Optional.of(200), 5, "answered 200"),
            DeliveryState.DELIVERED, T0));

        assertThat(testee().due(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(anotherNode().due(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(testee().batchable(EXAMPLE, ENDPOINT, T0.plusSeconds(3600), 10)).isEmpty();
    }
}
