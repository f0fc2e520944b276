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

import io.smtpy.access.AccessId;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.access.store.memory.MemoryDomainOwnership;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.post.EndpointGuard;

class WebhookDeliveriesTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final WebhookScope SCOPE = WebhookScope.domain(DOMAIN);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(25));

    private final MovableClock clock = new MovableClock(T0);
    private final CountingWebhookRepository stored = new CountingWebhookRepository();
    private final CachingWebhookRepository endpoints = new CachingWebhookRepository(stored);
    private final MemoryDomainOwnership ownership = new MemoryDomainOwnership();
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
        dispatcher = new WebhookDispatcher(endpoints, outbox, ownership, clock);
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
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        MailEvent event = forwarded();

        dispatcher.onEvent(event);
        deliveries.runDue();

        assertThat(receiver.received()).singleElement().satisfies(request -> {
            assertThat(request.id).isEqualTo("msg_" + event.id().asString());
            assertThat(request.timestamp).isEqualTo(Long.toString(T0.getEpochSecond()));
            assertThat(request.signature).isEqualTo(WebhookSigner.signature(created.secret(), request.id, T0.getEpochSecond(), request.body));
            assertThat(request.body).contains("\"type\":\"forwarded\"", "\"recipients\":[\"b@dest.example\"]");
        });
        assertThat(outbox.list(SCOPE, created.endpoint().id(), 10)).singleElement()
            .satisfies(delivery -> assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED));
    }

    @Test
    void eventsOfUnwantedTypesAndOtherDomainsShouldNotBeQueued() {
        webhooks.create(SCOPE, receiver.url("/in").toString(), List.of("bounced"), Optional.empty());

        dispatcher.onEvent(forwarded());
        dispatcher.onEvent(MailEvent.builder(DomainName.of("other.example"), MailEventType.BOUNCED, T0).build());

        assertThat(outbox.due(T0, 10)).isEmpty();
    }

    @Test
    void aFailedAttemptShouldBeRetriedAfterTheBackoffThenDelivered() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        receiver.answer("/in", 500, 503);
        dispatcher.onEvent(forwarded());

        deliveries.runDue();
        clock.moveBy(Duration.ofSeconds(29));
        assertThat(deliveries.runDue()).isZero();
        clock.moveBy(Duration.ofSeconds(1));
        deliveries.runDue();
        clock.moveBy(Duration.ofSeconds(60));
        deliveries.runDue();

        WebhookDelivery delivery = outbox.list(SCOPE, created.endpoint().id(), 1).get(0);
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
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        failEveryTime("/in", 500);
        dispatcher.onEvent(forwarded());

        Instant lastAttempt = T0;
        while (outbox.due(Instant.MAX, 1).size() == 1) {
            WebhookDelivery pending = outbox.due(Instant.MAX, 1).get(0);
            clock.moveTo(pending.nextAttemptAt());
            lastAttempt = pending.nextAttemptAt();
            deliveries.runDue();
        }

        WebhookDelivery delivery = outbox.list(SCOPE, created.endpoint().id(), 1).get(0);
        assertThat(delivery.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(Duration.between(T0, lastAttempt)).isGreaterThan(Duration.ofHours(24));
        assertThat(endpoints.find(SCOPE, created.endpoint().id()).orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void goneShouldDisableTheEndpointAtOnceAndTellTheOwners() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        receiver.answer("/in", 410);
        dispatcher.onEvent(forwarded());

        deliveries.runDue();
        dispatcher.onEvent(forwarded());

        WebhookEndpoint endpoint = endpoints.find(SCOPE, created.endpoint().id()).orElseThrow();
        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint.disabledReason()).contains("the endpoint answered 410 Gone");
        assertThat(notices).containsExactly(endpoint.id() + ": the endpoint answered 410 Gone");
        assertThat(outbox.due(Instant.MAX, 10)).isEmpty();
    }

    @Test
    void afterRotationBothSecretsShouldSignUntilTheOverlapEnds() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        Webhooks.WithSecret rotated = webhooks.rotateSecret(SCOPE, created.endpoint().id());
        webhooks.test(SCOPE, created.endpoint().id());
        clock.moveBy(Webhooks.ROTATION_OVERLAP);
        webhooks.test(SCOPE, created.endpoint().id());

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
        Webhooks.WithSecret created = webhooks.create(SCOPE,
            receiver.url("/redirect?to=http%3A%2F%2Finside.test%3A" + receiver.port() + "%2Fin").toString(), List.of(), Optional.empty());

        WebhookDelivery test = webhooks.test(SCOPE, created.endpoint().id());

        assertThat(test.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(test.attempts().get(0).outcome()).contains("refused", "10.0.0.1 is a private address");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aRedirectToAnAllowedAddressShouldBeFollowed() {
        Webhooks.WithSecret created = webhooks.create(SCOPE,
            receiver.url("/redirect?to=%2Fin").toString(), List.of(), Optional.empty());

        WebhookDelivery test = webhooks.test(SCOPE, created.endpoint().id());

        assertThat(test.state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(receiver.received()).extracting(request -> request.path).containsExactly("/in");
    }

    @Test
    void aNameResolvingInsideShouldBeRefusedAtSendTime() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, "http://inside.test/in", List.of(), Optional.empty());

        WebhookDelivery test = webhooks.test(SCOPE, created.endpoint().id());

        assertThat(test.attempts().get(0).outcome()).isEqualTo("POST http://inside.test/in refused: 10.0.0.1 is a private address");
    }

    @Test
    void replayOfARangeShouldQueueEachMessageOnceWithItsId() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        MailEvent event = forwarded();
        dispatcher.onEvent(event);
        deliveries.runDue();

        List<WebhookDelivery> replays = webhooks.replayRange(SCOPE, created.endpoint().id(), T0, T0.plusSeconds(1));
        webhooks.replayRange(SCOPE, created.endpoint().id(), T0.plusSeconds(1), T0.plusSeconds(2));
        deliveries.runDue();

        assertThat(replays).hasSize(1);
        assertThat(receiver.received()).extracting(request -> request.id)
            .containsExactly("msg_" + event.id().asString(), "msg_" + event.id().asString());
    }

    @Test
    void finishedDeliveriesShouldBeForgottenAfterTheRetentionAndPurgedAtMostHourly() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        dispatcher.onEvent(forwarded());
        deliveries.runDue();
        clock.moveBy(WebhookDeliveries.LOG_RETENTION.minusMinutes(30));
        assertThat(deliveries.purgeIfDue()).as("not old enough").isZero();

        clock.moveBy(Duration.ofMinutes(45));
        assertThat(deliveries.purgeIfDue()).as("old enough, but the last purge was 45 minutes ago").isZero();
        assertThat(outbox.list(SCOPE, created.endpoint().id(), 10)).hasSize(1);
        clock.moveBy(Duration.ofMinutes(20));
        assertThat(deliveries.purgeIfDue()).isEqualTo(1);

        assertThat(outbox.list(SCOPE, created.endpoint().id(), 10)).isEmpty();
    }

    @Test
    void secretsShouldBeStoredSealed() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());

        assertThat(created.endpoint().sealedSecret()).doesNotContain(created.secret().substring(6));
        assertThat(created.endpoint().toString()).doesNotContain(created.secret());
        assertThat(endpoints.list(SCOPE)).extracting(WebhookEndpoint::events).containsExactly(Set.of());
    }
    private static MailEvent forwardedIn(String domain) {
        return MailEvent.builder(DomainName.of(domain), MailEventType.FORWARDED, T0).sender("a@sender.example")
            .recipients(List.of("b@dest.example")).detail("forwarded").build();
    }

    @Test
    void anAccountsEndpointShouldGetTheEventsOfEveryDomainOfTheAccountAndNoOther() {
        ownership.assign(DomainName.of("a.example"), AccessId.of("acc_a"));
        ownership.assign(DomainName.of("z.example"), AccessId.of("acc_z"));
        webhooks.create(WebhookScope.account("acc_a"), receiver.url("/account").toString(), List.of(), Optional.empty());
        dispatcher.onEvent(forwardedIn("a.example"));
        dispatcher.onEvent(forwardedIn("b.example"));
        ownership.assign(DomainName.of("b.example"), AccessId.of("acc_a"));

        dispatcher.onEvent(forwardedIn("b.example"));
        dispatcher.onEvent(forwardedIn("z.example"));
        dispatcher.onEvent(forwardedIn("nobodys.example"));
        deliveries.runDue();

        // b.example's first event came before its owner was assigned (as between a domain's creation and its
        // assignment): it reached no account, and did not keep b.example from the account once assigned.
        assertThat(receiver.received()).extracting(request -> request.body)
            .hasSize(2)
            .anySatisfy(body -> assertThat(body).contains("\"domain\":\"a.example\""))
            .anySatisfy(body -> assertThat(body).contains("\"domain\":\"b.example\""));
    }

    @Test
    void aDeletedDomainsEventsShouldNotReachItsFormerAccount() {
        DomainName reused = DomainName.of("reused.example");
        ownership.assign(reused, AccessId.of("acc_a"));
        webhooks.create(WebhookScope.account("acc_a"), receiver.url("/account").toString(), List.of(), Optional.empty());
        dispatcher.onEvent(forwardedIn("reused.example"));
        ownership.release(reused);
        dispatcher.forgetDomain(reused);
        ownership.assign(reused, AccessId.of("acc_z"));

        dispatcher.onEvent(forwardedIn("reused.example"));

        assertThat(outbox.due(T0, 10)).hasSize(1);
    }

    @Test
    void aBatchShouldWaitItsDelayThenGoAsOneSignedArray() throws Exception {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/batch").toString(), List.of(),
            Optional.of(WebhookBatch.of(10, 5)));
        List<MailEvent> events = List.of(forwarded(), forwarded(), forwarded());
        events.forEach(dispatcher::onEvent);

        assertThat(deliveries.runDue()).isZero();
        clock.moveBy(Duration.ofSeconds(5));
        assertThat(deliveries.runDue()).isEqualTo(3);

        WebhookReceiver.Received request = receiver.received().get(0);
        assertThat(receiver.received()).hasSize(1);
        assertThat(request.id).startsWith("batch_");
        assertThat(request.signature).isEqualTo(WebhookSigner.signature(created.secret(), request.id,
            T0.plusSeconds(5).getEpochSecond(), request.body));
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.body);
        assertThat(body.isArray()).isTrue();
        assertThat(body).extracting(message -> message.path("data").path("id").asText())
            .containsExactlyInAnyOrderElementsOf(events.stream().map(event -> event.id().asString()).collect(java.util.stream.Collectors.toList()));
        assertThat(outbox.list(SCOPE, created.endpoint().id(), 10)).extracting(WebhookDelivery::state)
            .containsOnly(DeliveryState.DELIVERED).hasSize(3);
    }

    @Test
    void aBatchShouldCarryAtMostItsSizeAndAFailedOneBeRetriedWhole() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/batch").toString(), List.of(),
            Optional.of(WebhookBatch.of(2, 1)));
        receiver.answer("/batch", 500);
        for (int i = 0; i < 3; i++) {
            dispatcher.onEvent(forwarded());
        }
        clock.moveBy(Duration.ofSeconds(1));

        deliveries.runDue();
        assertThat(receiver.received()).extracting(request -> request.status).as("two, then the third alone")
            .containsExactly(500, 200);
        clock.moveBy(Duration.ofSeconds(29));
        assertThat(deliveries.runDue()).as("the failed batch waits its backoff").isZero();
        clock.moveBy(Duration.ofSeconds(1));
        deliveries.runDue();

        assertThat(receiver.received()).extracting(request -> request.status).containsExactly(500, 200, 200);
        assertThat(receiver.received().get(2).id).isEqualTo(receiver.received().get(0).id);
        assertThat(receiver.received().get(2).body).isEqualTo(receiver.received().get(0).body);
        List<WebhookDelivery> log = outbox.list(SCOPE, created.endpoint().id(), 10);
        assertThat(log).extracting(WebhookDelivery::state).containsOnly(DeliveryState.DELIVERED).hasSize(3);
        assertThat(log).filteredOn(delivery -> delivery.attempts().size() == 2).hasSize(2);
    }

    @Test
    void recordingAnEventShouldNotReadTheStoreUntilAnEndpointChanges() {
        ownership.assign(DOMAIN, AccessId.of("acc_a"));
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), List.of(), Optional.empty());
        dispatcher.onEvent(forwarded());
        int afterFirst = stored.lists;

        dispatcher.onEvent(forwarded());
        dispatcher.onEvent(forwarded());
        assertThat(stored.lists).isEqualTo(afterFirst);
        webhooks.update(SCOPE, created.endpoint().id(), Optional.empty(), Optional.empty(), Optional.of(false), Optional.empty());
        dispatcher.onEvent(forwarded());

        assertThat(stored.lists).isEqualTo(afterFirst + 1);
        assertThat(outbox.due(T0, 10)).hasSize(3);
    }

    @Test
    void anEndpointFailingPersistentlyShouldBeDisabledAndItsOwnersTold() {
        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/down").toString(), List.of(), Optional.empty());
        failEveryTime("/down", 503);
        dispatcher.onEvent(forwarded());
        dispatcher.onEvent(forwarded());

        while (!outbox.due(Instant.MAX, 1).isEmpty()) {
            clock.moveTo(outbox.due(Instant.MAX, 1).get(0).nextAttemptAt());
            deliveries.runDue();
        }

        WebhookEndpoint endpoint = endpoints.find(SCOPE, created.endpoint().id()).orElseThrow();
        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint.disabledReason()).contains("2 deliveries in a row failed after every retry");
        assertThat(notices).containsExactly(endpoint.id() + ": 2 deliveries in a row failed after every retry");
    }

    @Test
    void everyEventTypeShouldBeAcceptedInTheFilter() {
        List<String> all = java.util.Arrays.stream(MailEventType.values()).map(MailEventType::asString)
            .collect(java.util.stream.Collectors.toList());

        Webhooks.WithSecret created = webhooks.create(SCOPE, receiver.url("/in").toString(), all, Optional.empty());

        assertThat(created.endpoint().events()).containsExactlyInAnyOrder(MailEventType.values());
        assertThat(all).contains("complained", "suppressed", "unsuppressed", "resent", "dns-check");
    }

    /** More failures queued for {@code path} than any retry schedule here will ask for. */
    private void failEveryTime(String path, int status) {
        for (int i = 0; i < 200; i++) {
            receiver.answer(path, status);
        }
    }

    /** A memory repository that counts the lists it is asked for: what the dispatcher's cache saves. */
    private static final class CountingWebhookRepository extends MemoryWebhookRepository {
        int lists;

        @Override
        public List<WebhookEndpoint> list(WebhookScope scope) {
            lists++;
            return super.list(scope);
        }
    }

    /** Node B: its own cache of the endpoints and its own dispatcher, over the same stores; A is this test's. */
    private TwoNodes cluster(CachingWebhookRepository endpointsB, WebhookDispatcher dispatcherB) {
        return TwoNodes.of(List.<SharedIndex<?>>of(endpoints.sharedIndex(), dispatcher.sharedIndex()),
            List.<SharedIndex<?>>of(endpointsB.sharedIndex(), dispatcherB.sharedIndex()));
    }

    @Test
    void anEndpointCreatedThroughAnotherNodeShouldGetTheEventsOfThisOneOnceItFollowsTheFeed() {
        CachingWebhookRepository endpointsB = new CachingWebhookRepository(stored);
        WebhookDispatcher dispatcherB = new WebhookDispatcher(endpointsB, outbox, ownership, clock);
        TwoNodes cluster = cluster(endpointsB, dispatcherB);
        dispatcherB.onEvent(forwarded());

        webhooks.create(SCOPE, receiver.url("/hook").toString(), List.of(), Optional.empty());
        dispatcherB.onEvent(forwarded());
        assertThat(outbox.due(T0, 10)).isEmpty();
        cluster.follow();
        dispatcherB.onEvent(forwarded());

        assertThat(outbox.due(T0, 10)).hasSize(1);
    }

    @Test
    void aDomainDeletedThroughAnotherNodeShouldNotReachItsFormerAccountOnceThisNodeFollowsTheFeed() {
        DomainName reused = DomainName.of("reused.example");
        CachingWebhookRepository endpointsB = new CachingWebhookRepository(stored);
        WebhookDispatcher dispatcherB = new WebhookDispatcher(endpointsB, outbox, ownership, clock);
        TwoNodes cluster = cluster(endpointsB, dispatcherB);
        ownership.assign(reused, AccessId.of("acc_a"));
        webhooks.create(WebhookScope.account("acc_a"), receiver.url("/account").toString(), List.of(), Optional.empty());
        cluster.follow();
        dispatcherB.onEvent(forwardedIn("reused.example"));
        assertThat(outbox.due(T0, 10)).hasSize(1);

        ownership.release(reused);
        dispatcher.forgetDomain(reused);
        ownership.assign(reused, AccessId.of("acc_z"));
        cluster.follow();
        dispatcherB.onEvent(forwardedIn("reused.example"));

        assertThat(outbox.due(T0, 10)).hasSize(1);
    }
}
