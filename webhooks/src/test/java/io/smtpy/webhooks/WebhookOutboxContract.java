package io.smtpy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.NotFoundException;

/** What every {@link WebhookOutbox} does; backends run it by implementing {@link #testee()}. */
public interface WebhookOutboxContract {
    WebhookScope EXAMPLE = WebhookScope.domain(DomainName.of("example.com"));
    /** An account endpoint's deliveries are apart from a domain's. */
    WebhookScope OTHER = WebhookScope.account("acc_other");
    Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    WebhookId ENDPOINT = WebhookId.of("11111111-1111-1111-1111-111111111111");

    WebhookOutbox testee();

    static WebhookDelivery delivery(WebhookScope scope, WebhookId endpoint, String messageId, Instant eventAt, Instant now) {
        return WebhookDelivery.pending(endpoint, scope, messageId, "forwarded", eventAt,
            "{\"type\":\"forwarded\",\"data\":{\"détail\":\"ü\"}}", now);
    }

    @Test
    default void addedDeliveryShouldBeFoundAsGiven() {
        WebhookDelivery delivery = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);

        testee().add(delivery);

        assertThat(testee().find(EXAMPLE, delivery.id())).contains(delivery);
        assertThat(testee().find(OTHER, delivery.id())).isEmpty();
    }

    @Test
    default void attemptsAndStateShouldSurviveAnUpdate() {
        WebhookDelivery delivery = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        testee().add(delivery);
        WebhookDelivery attempted = delivery
            .attempted(new DeliveryAttempt(T0, Optional.of(500), 12, "POST https://hooks.example/in answered 500"),
                DeliveryState.PENDING, T0.plusSeconds(30))
            .attempted(new DeliveryAttempt(T0.plusSeconds(30), Optional.empty(), 10001, "timed out"),
                DeliveryState.FAILED, T0.plusSeconds(30));

        testee().update(attempted);

        assertThat(testee().find(EXAMPLE, delivery.id())).contains(attempted);
    }

    @Test
    default void updatingAMissingDeliveryShouldFail() {
        assertThatThrownBy(() -> testee().update(delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0)))
            .isInstanceOf(NotFoundException.class);
    }

    @Test
    default void dueShouldGivePendingDeliveriesWhoseTimeHasComeEarliestFirst() {
        WebhookDelivery later = delivery(EXAMPLE, ENDPOINT, "msg_later", T0, T0.plusSeconds(20));
        WebhookDelivery earlier = delivery(OTHER, ENDPOINT, "msg_earlier", T0, T0.plusSeconds(10));
        WebhookDelivery notYet = delivery(EXAMPLE, ENDPOINT, "msg_not_yet", T0, T0.plusSeconds(31));
        WebhookDelivery delivered = delivery(EXAMPLE, ENDPOINT, "msg_done", T0, T0)
            .attempted(new DeliveryAttempt(T0, Optional.of(200), 5, "answered 200"), DeliveryState.DELIVERED, T0);
        testee().add(later);
        testee().add(earlier);
        testee().add(notYet);
        testee().add(delivered);

        assertThat(testee().due(T0.plusSeconds(30), 10)).containsExactly(earlier, later);
        assertThat(testee().due(T0.plusSeconds(30), 1)).containsExactly(earlier);
    }

    @Test
    default void batchableShouldGiveAnEndpointsDueOrUntriedDeliveriesEarliestFirst() {
        WebhookDelivery later = delivery(EXAMPLE, ENDPOINT, "msg_later", T0, T0).dueAt(T0.plusSeconds(20));
        WebhookDelivery earlier = delivery(EXAMPLE, ENDPOINT, "msg_earlier", T0, T0.plusSeconds(5)).dueAt(T0.plusSeconds(10));
        WebhookDelivery dueRetry = delivery(EXAMPLE, ENDPOINT, "msg_due_retry", T0, T0)
            .attempted(new DeliveryAttempt(T0, Optional.of(500), 5, "answered 500"), DeliveryState.PENDING, T0.plusSeconds(1));
        WebhookDelivery laterRetry = delivery(EXAMPLE, ENDPOINT, "msg_later_retry", T0, T0)
            .attempted(new DeliveryAttempt(T0, Optional.of(500), 5, "answered 500"), DeliveryState.PENDING, T0.plusSeconds(60));
        WebhookDelivery delivered = delivery(EXAMPLE, ENDPOINT, "msg_done", T0, T0)
            .attempted(new DeliveryAttempt(T0, Optional.of(200), 5, "answered 200"), DeliveryState.DELIVERED, T0);
        testee().add(later);
        testee().add(earlier);
        testee().add(dueRetry);
        testee().add(laterRetry);
        testee().add(delivered);
        testee().add(delivery(OTHER, ENDPOINT, "msg_of_another_scope", T0, T0));
        testee().add(delivery(EXAMPLE, WebhookId.random(), "msg_of_another_endpoint", T0, T0));

        assertThat(testee().batchable(EXAMPLE, ENDPOINT, T0.plusSeconds(2), 10)).containsExactly(dueRetry, earlier, later);
        assertThat(testee().batchable(EXAMPLE, ENDPOINT, T0.plusSeconds(2), 1)).containsExactly(dueRetry);
    }

    @Test
    default void listShouldGiveAnEndpointsDeliveriesNewestFirst() {
        WebhookId other = WebhookId.random();
        WebhookDelivery first = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        WebhookDelivery second = delivery(EXAMPLE, ENDPOINT, "msg_2", T0, T0.plusSeconds(1));
        testee().add(first);
        testee().add(second);
        testee().add(delivery(EXAMPLE, other, "msg_3", T0, T0));
        testee().add(delivery(OTHER, ENDPOINT, "msg_4", T0, T0));

        assertThat(testee().list(EXAMPLE, ENDPOINT, 10)).containsExactly(second, first);
        assertThat(testee().list(EXAMPLE, ENDPOINT, 1)).containsExactly(second);
    }

    @Test
    default void ofEventsShouldSelectByTheEventsTimeFromInclusiveToExclusive() {
        WebhookDelivery atFrom = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0.plusSeconds(500));
        WebhookDelivery inside = delivery(EXAMPLE, ENDPOINT, "msg_2", T0.plusSeconds(30), T0);
        WebhookDelivery atTo = delivery(EXAMPLE, ENDPOINT, "msg_3", T0.plusSeconds(60), T0);
        WebhookDelivery before = delivery(EXAMPLE, ENDPOINT, "msg_4", T0.minusSeconds(1), T0);
        testee().add(inside);
        testee().add(atFrom);
        testee().add(atTo);
        testee().add(before);

        assertThat(testee().ofEvents(EXAMPLE, ENDPOINT, T0, T0.plusSeconds(60), 10)).containsExactly(atFrom, inside);
    }

    @Test
    default void ofMessageShouldGiveEveryDeliveryOfThatMessage() {
        WebhookDelivery first = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        WebhookDelivery replay = first.replay(T0.plusSeconds(60));
        testee().add(first);
        testee().add(replay);
        testee().add(delivery(EXAMPLE, ENDPOINT, "msg_2", T0, T0));

        assertThat(testee().ofMessage(EXAMPLE, ENDPOINT, "msg_1")).containsExactly(replay, first);
        assertThat(testee().ofMessage(OTHER, ENDPOINT, "msg_1")).isEmpty();
    }

    @Test
    default void purgeShouldForgetOnlyFinishedDeliveriesCreatedBeforeTheInstant() {
        WebhookDelivery pending = delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0);
        WebhookDelivery old = delivery(EXAMPLE, ENDPOINT, "msg_2", T0, T0)
            .attempted(new DeliveryAttempt(T0, Optional.of(200), 5, "answered 200"), DeliveryState.DELIVERED, T0);
        WebhookDelivery recent = delivery(EXAMPLE, ENDPOINT, "msg_3", T0, T0.plusSeconds(60))
            .attempted(new DeliveryAttempt(T0, Optional.empty(), 5, "timed out"), DeliveryState.FAILED, T0);
        testee().add(pending);
        testee().add(old);
        testee().add(recent);

        assertThat(testee().purgeFinishedBefore(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(testee().list(EXAMPLE, ENDPOINT, 10)).containsExactly(recent, pending);
    }

    @Test
    default void deleteEndpointShouldForgetOnlyItsDeliveries() {
        WebhookDelivery kept = delivery(OTHER, ENDPOINT, "msg_2", T0, T0);
        testee().add(delivery(EXAMPLE, ENDPOINT, "msg_1", T0, T0));
        testee().add(kept);

        testee().deleteEndpoint(EXAMPLE, ENDPOINT);

        assertThat(testee().list(EXAMPLE, ENDPOINT, 10)).isEmpty();
        assertThat(testee().due(T0, 10)).containsExactly(kept);
    }
}
