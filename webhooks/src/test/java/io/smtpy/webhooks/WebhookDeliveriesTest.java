package io.smtpy.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.post.EndpointGuard;

class WebhookDeliveriesTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(25));

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryWebhookRepository endpoints = new MemoryWebhookRepository();
    private final MemoryWebhookOutbox outbox = new MemoryWebhookOutbox();
    private final SecretSeal seal = new CipherSecretSeal(new PrivateKeyCipher(new byte[32]));
    private final List<String> notices = new ArrayList<>();
    private WebhookReceiver receiver;
    private WebhookDeliveries deliveries;
    private Webhooks webhooks;
    private WebhookDispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new WebhookReceiver();
        WebhookSender sender = new WebhookSender(new EndpointGuard(WebhookDeliveriesTest::resolve, List.of("127.0.0.0/8")));
        deliveries = new WebhookDeliveries(endpoints, outbox, sender, seal,
            (endpoint, reason) -> notices.add(endpoint.id() + ": " + reason), clock, SCHEDULE, 2, () -> 0.5);
        webhooks = new Webhooks(endpoints, outbox, deliveries, sender, seal, clock);
        dispatcher = new WebhookDispatcher(endpoints, outbox, clock);
    }

    /** {@code inside.test} resolves to a private address, as a hostile DNS name would; everything else as the JVM does. */
    private static InetAddress[] resolve(String host) {
        try {
            return host.equals("inside.test")
                ? new InetAddress[] {InetAddress.getByName("10.0.0.1")}
                : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private static MailEvent forwarded() {
        return MailEvent.builder(DOMAIN, MailEventType.FORWARDED, T0).sender("a@sender.example")
            .recipients(List.of("b@dest.example")).detail("forwarded").build();
    }

    @Test
    void anEventShouldBeDeliveredSignedWithTheEndpointsSecret() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        MailEvent event = forwarded();

        dispatcher.onEvent(event);
        deliveries.runDue();

        assertThat(receiver.received()).singleElement().satisfies(request -> {
            assertThat(request.id).isEqualTo("msg_" + event.id().asString());
            assertThat(request.timestamp).isEqualTo(Long.toString(T0.getEpochSecond()));
            assertThat(request.signature).isEqualTo(WebhookSigner.signature(created.secret(), request.id, T0.getEpochSecond(), request.body));
            assertThat(request.body).contains("\"type\":\"forwarded\"", "\"recipients\":[\"b@dest.example\"]");
        });
        assertThat(outbox.list(DOMAIN, created.endpoint().id(), 10)).singleElement()
            .satisfies(delivery -> assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED));
    }

    @Test
    void eventsOfUnwantedTypesAndOtherDomainsShouldNotBeQueued() {
        webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of("bounced"));

        dispatcher.onEvent(forwarded());
        dispatcher.onEvent(MailEvent.builder(DomainName.of("other.example"), MailEventType.BOUNCED, T0).build());

        assertThat(outbox.due(T0, 10)).isEmpty();
    }

    @Test
    void aFailedAttemptShouldBeRetriedAfterTheBackoffThenDelivered() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        receiver.answer("/in", 500, 503);
        dispatcher.onEvent(forwarded());

        deliveries.runDue();
        clock.moveBy(Duration.ofSeconds(29));
        assertThat(deliveries.runDue()).isZero();
        clock.moveBy(Duration.ofSeconds(1));
        deliveries.runDue();
        clock.moveBy(Duration.ofSeconds(60));
        deliveries.runDue();

        WebhookDelivery delivery = outbox.list(DOMAIN, created.endpoint().id(), 1).get(0);
        assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(delivery.attempts()).extracting(DeliveryAttempt::status)
            .containsExactly(Optional.of(500), Optional.of(503), Optional.of(200));
        assertThat(receiver.received()).extracting(request -> request.id).containsOnly(delivery.messageId());
    }

    @Test
    void backoffShouldDoubleUpToTheCapAndBeJittered() {
        assertThat(SCHEDULE.delayAfter(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(SCHEDULE.delayAfter(3, () -> 0.5)).isEqualTo(Duration.ofMinutes(2));
        assertThat(SCHEDULE.delayAfter(20, () -> 0.5)).isEqualTo(Duration.ofHours(1));
        assertThat(SCHEDULE.delayAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(24));
        assertThat(SCHEDULE.delayAfter(1, () -> 0.999)).isLessThan(Duration.ofSeconds(36)).isGreaterThan(Duration.ofSeconds(35));
    }

    @Test
    void aDeliveryShouldBeRetriedForMoreThanADayThenGivenUp() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        for (int i = 0; i < 100; i++) {
            receiver.answer("/in", 500);
        }
        dispatcher.onEvent(forwarded());

        Instant lastAttempt = T0;
        while (outbox.due(Instant.MAX, 1).size() == 1) {
            WebhookDelivery pending = outbox.due(Instant.MAX, 1).get(0);
            clock.moveTo(pending.nextAttemptAt());
            lastAttempt = pending.nextAttemptAt();
            deliveries.runDue();
        }

        WebhookDelivery delivery = outbox.list(DOMAIN, created.endpoint().id(), 1).get(0);
        assertThat(delivery.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(Duration.between(T0, lastAttempt)).isGreaterThan(Duration.ofHours(24));
        assertThat(endpoints.find(DOMAIN, created.endpoint().id()).orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void goneShouldDisableTheEndpointAtOnceAndTellTheOwners() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        receiver.answer("/in", 410);
        dispatcher.onEvent(forwarded());

        deliveries.runDue();
        dispatcher.onEvent(forwarded());

        WebhookEndpoint endpoint = endpoints.find(DOMAIN, created.endpoint().id()).orElseThrow();
        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint.disabledReason()).contains("the endpoint answered 410 Gone");
        assertThat(notices).containsExactly(endpoint.id() + ": the endpoint answered 410 Gone");
        assertThat(outbox.due(Instant.MAX, 10)).isEmpty();
    }

    @Test
    void afterRotationBothSecretsShouldSignUntilTheOverlapEnds() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        Webhooks.WithSecret rotated = webhooks.rotateSecret(DOMAIN, created.endpoint().id());
        webhooks.test(DOMAIN, created.endpoint().id());
        clock.moveBy(Webhooks.ROTATION_OVERLAP);
        webhooks.test(DOMAIN, created.endpoint().id());

        WebhookReceiver.Received during = receiver.received().get(0);
        WebhookReceiver.Received after = receiver.received().get(1);
        assertThat(during.signature.split(" ")).containsExactly(
            WebhookSigner.signature(rotated.secret(), during.id, T0.getEpochSecond(), during.body),
            WebhookSigner.signature(created.secret(), during.id, T0.getEpochSecond(), during.body));
        assertThat(after.signature).isEqualTo(WebhookSigner.signature(rotated.secret(), after.id,
            T0.plus(Webhooks.ROTATION_OVERLAP).getEpochSecond(), after.body));
    }

    @Test
    void aRedirectToAnInsideAddressShouldNotBeFollowed() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN,
            receiver.url("/redirect?to=http%3A%2F%2Finside.test%3A" + receiver.port() + "%2Fin").toString(), List.of());

        WebhookDelivery test = webhooks.test(DOMAIN, created.endpoint().id());

        assertThat(test.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(test.attempts().get(0).outcome()).contains("refused", "10.0.0.1 is a private address");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aRedirectToAnAllowedAddressShouldBeFollowed() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN,
            receiver.url("/redirect?to=%2Fin").toString(), List.of());

        WebhookDelivery test = webhooks.test(DOMAIN, created.endpoint().id());

        assertThat(test.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(receiver.received()).extracting(request -> request.path).containsExactly("/in");
    }

    @Test
    void aNameResolvingInsideShouldBeRefusedAtSendTime() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, "http://inside.test/in", List.of());

        WebhookDelivery test = webhooks.test(DOMAIN, created.endpoint().id());

        assertThat(test.attempts().get(0).outcome()).isEqualTo("POST http://inside.test/in refused: 10.0.0.1 is a private address");
    }

    @Test
    void replayOfARangeShouldQueueEachMessageOnceWithItsId() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        MailEvent event = forwarded();
        dispatcher.onEvent(event);
        deliveries.runDue();

        List<WebhookDelivery> replays = webhooks.replayRange(DOMAIN, created.endpoint().id(), T0, T0.plusSeconds(1));
        webhooks.replayRange(DOMAIN, created.endpoint().id(), T0.plusSeconds(1), T0.plusSeconds(2));
        deliveries.runDue();

        assertThat(replays).hasSize(1);
        assertThat(receiver.received()).extracting(request -> request.id)
            .containsExactly("msg_" + event.id().asString(), "msg_" + event.id().asString());
    }

    @Test
    void finishedDeliveriesShouldBeForgottenAfterTheRetentionAndPurgedAtMostHourly() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());
        dispatcher.onEvent(forwarded());
        deliveries.runDue();
        clock.moveBy(WebhookDeliveries.LOG_RETENTION.minusMinutes(30));
        assertThat(deliveries.purgeIfDue()).as("not old enough").isZero();

        clock.moveBy(Duration.ofMinutes(45));
        assertThat(deliveries.purgeIfDue()).as("old enough, but the last purge was 45 minutes ago").isZero();
        assertThat(outbox.list(DOMAIN, created.endpoint().id(), 10)).hasSize(1);
        clock.moveBy(Duration.ofMinutes(20));
        assertThat(deliveries.purgeIfDue()).isEqualTo(1);

        assertThat(outbox.list(DOMAIN, created.endpoint().id(), 10)).isEmpty();
    }

    @Test
    void secretsShouldBeStoredSealed() {
        Webhooks.WithSecret created = webhooks.create(DOMAIN, receiver.url("/in").toString(), List.of());

        assertThat(created.endpoint().sealedSecret()).doesNotContain(created.secret().substring(6));
        assertThat(created.endpoint().toString()).doesNotContain(created.secret());
        assertThat(endpoints.list(DOMAIN)).extracting(WebhookEndpoint::events).containsExactly(Set.of());
    }
}
