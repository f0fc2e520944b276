package io.smtpy.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.smtpy.access.service.SecretSeal;

/**
 * Sends what the outbox holds. Each due delivery is signed afresh ({@link WebhookSigner}: the current secret, and
 * the previous one while its overlap lasts) and POSTed ({@link WebhookSender}); the attempt is appended to the
 * delivery and the outcome stored before the next one is taken:
 * <ul>
 *   <li>2xx: delivered; the endpoint's count of failed deliveries goes back to 0;</li>
 *   <li>410 Gone: given up, and the endpoint is disabled at once (its owners told);</li>
 *   <li>anything else (another status, a timeout, an address the guard refuses): tried again after the
 *       {@link RetrySchedule}'s delay, until its give-up time; a delivery given up counts as a failure of the
 *       endpoint, which is disabled (owners told) after {@code disableAfter} of them in a row.</li>
 * </ul>
 * An endpoint that batches ({@link WebhookBatch}) gets its pending deliveries in one POST whose body is their
 * messages in a JSON array, and its {@code webhook-id} {@code batch_} and the first delivery's id; the outcome is
 * recorded on each. A delivery whose endpoint is disabled or gone is given up unsent. A crash between a POST and the update leaves the
 * delivery pending, so it is sent again after restart: at least once, never lost.
 *
 * <p>{@link #start()} polls every {@code pollEvery} on one daemon thread; tests call {@link #runDue()} themselves.
 */
public class WebhookDeliveries implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebhookDeliveries.class);
    static final int BATCH = 100;
    /** How long the delivery log keeps delivered and failed deliveries (what can be replayed). */
    public static final Duration LOG_RETENTION = Duration.ofDays(30);
    static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final WebhookRepository endpoints;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final SecretSeal seal;
    private final EndpointDisabledNotice notice;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final int disableAfter;
    private final DoubleSupplier jitter;
    private ScheduledExecutorService executor;
    private Instant lastPurge = Instant.MIN;

    public WebhookDeliveries(WebhookRepository endpoints, WebhookOutbox outbox, WebhookSender sender, SecretSeal seal,
                             EndpointDisabledNotice notice, Clock clock, RetrySchedule schedule, int disableAfter) {
        this(endpoints, outbox, sender, seal, notice, clock, schedule, disableAfter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param jitter numbers in [0, 1) that spread retry delays */
    public WebhookDeliveries(WebhookRepository endpoints, WebhookOutbox outbox, WebhookSender sender, SecretSeal seal,
                             EndpointDisabledNotice notice, Clock clock, RetrySchedule schedule, int disableAfter,
                             DoubleSupplier jitter) {
        this.endpoints = Objects.requireNonNull(endpoints);
        this.outbox = Objects.requireNonNull(outbox);
        this.sender = Objects.requireNonNull(sender);
        this.seal = Objects.requireNonNull(seal);
        this.notice = Objects.requireNonNull(notice);
        this.clock = Objects.requireNonNull(clock);
        this.schedule = Objects.requireNonNull(schedule);
        this.disableAfter = disableAfter;
        this.jitter = Objects.requireNonNull(jitter);
    }

    public synchronized void start(Duration pollEvery) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "smtpy-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runLogged, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void runLogged() {
        try {
            purgeIfDue();
            runDue();
        } catch (RuntimeException e) {
            LOGGER.error("Webhook deliveries failed; trying again at the next round", e);
        }
    }

    /** At most once per {@link #PURGE_EVERY}: forgets finished deliveries older than {@link #LOG_RETENTION}. */
    int purgeIfDue() {
        Instant now = clock.instant();
        if (lastPurge.plus(PURGE_EVERY).isAfter(now)) {
            return 0;
        }
        lastPurge = now;
        return outbox.purgeFinishedBefore(now.minus(LOG_RETENTION));
    }

    /**
     * Attempts every delivery due now, a page after another. A due delivery of an endpoint that batches takes the
     * endpoint's other waiting deliveries with it (up to the batch's size) in one POST.
     *
     * @return how many deliveries were attempted
     */
    public int runDue() {
        int attempted = 0;
        List<WebhookDelivery> due = outbox.due(clock.instant(), BATCH);
        while (!due.isEmpty()) {
            Set<WebhookDeliveryId> done = new HashSet<>();
            for (WebhookDelivery delivery : due) {
                if (done.contains(delivery.id())) {
                    continue;
                }
                Optional<WebhookEndpoint> batching = endpoints.find(delivery.scope(), delivery.endpoint())
                    .filter(endpoint -> endpoint.enabled() && endpoint.batch().isPresent());
                if (batching.isPresent()) {
                    List<WebhookDelivery> batch = attemptBatch(batching.get(),
                        outbox.batchable(delivery.scope(), delivery.endpoint(), clock.instant(),
                            batching.get().batch().orElseThrow().maxEvents()));
                    batch.forEach(sent -> done.add(sent.id()));
                    attempted += batch.size();
                } else {
                    attempt(delivery);
                    attempted++;
                }
            }
            if (due.size() < BATCH) {
                break;
            }
            due = outbox.due(clock.instant(), BATCH);
        }
        return attempted;
    }

    /** Sends {@code delivery} once, stores the outcome, and returns the delivery as stored. */
    public WebhookDelivery attempt(WebhookDelivery delivery) {
        Instant now = clock.instant();
        Optional<WebhookEndpoint> found = endpoints.find(delivery.scope(), delivery.endpoint());
        if (found.isEmpty() || !found.get().enabled()) {
            String why = found.isEmpty() ? "the endpoint was deleted" : "the endpoint is disabled";
            return store(delivery.attempted(new DeliveryAttempt(now, Optional.empty(), 0, "not sent: " + why),
                DeliveryState.FAILED, now));
        }
        WebhookEndpoint endpoint = found.get();
        long started = System.nanoTime();
        SendResult result = post(endpoint, delivery.messageId(), delivery.payload(), now);
        DeliveryAttempt attempt = new DeliveryAttempt(now, result.status(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), result.outcome());
        return settle(endpoint, List.of(delivery), attempt, result, now).get(0);
    }

    /**
     * Sends {@code deliveries} (pending, of one enabled endpoint) as one batch ({@link WebhookPayload#batch}), and
     * stores the outcome on each: they are delivered, retried or given up together.
     *
     * @return the deliveries as stored
     */
    List<WebhookDelivery> attemptBatch(WebhookEndpoint endpoint, List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Instant now = clock.instant();
        String payload = WebhookPayload.batch(deliveries.stream().map(WebhookDelivery::payload).collect(Collectors.toList()));
        long started = System.nanoTime();
        SendResult result = post(endpoint, WebhookPayload.batchId(deliveries.get(0)), payload, now);
        DeliveryAttempt attempt = new DeliveryAttempt(now, result.status(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            result.outcome() + " (a batch of " + deliveries.size() + ")");
        return settle(endpoint, deliveries, attempt, result, now);
    }

    /**
     * Records one POST's outcome on the deliveries it carried: delivered (the endpoint's failures forgotten), given up
     * at once with the endpoint disabled (410 Gone), or retried after the schedule's delay (the same for all, so a
     * batch stays together); those past their give-up time fail, and count once as a failure of the endpoint.
     */
    private List<WebhookDelivery> settle(WebhookEndpoint endpoint, List<WebhookDelivery> deliveries, DeliveryAttempt attempt,
                                         SendResult result, Instant now) {
        List<WebhookDelivery> stored = new ArrayList<>(deliveries.size());
        if (result.delivered()) {
            if (endpoint.consecutiveFailures() > 0) {
                current(endpoint).ifPresent(fresh -> endpoints.update(fresh.withConsecutiveFailures(0)));
            }
            deliveries.forEach(delivery -> stored.add(store(delivery.attempted(attempt, DeliveryState.DELIVERED, now))));
            return stored;
        }
        if (result.gone()) {
            current(endpoint).ifPresent(fresh -> disable(fresh, "the endpoint answered 410 Gone"));
            deliveries.forEach(delivery -> stored.add(store(delivery.attempted(attempt, DeliveryState.FAILED, now))));
            return stored;
        }
        Instant next = now.plus(schedule.delayAfter(deliveries.get(0).attempts().size() + 1, jitter));
        boolean gaveUp = false;
        for (WebhookDelivery delivery : deliveries) {
            if (next.isAfter(delivery.createdAt().plus(schedule.giveUpAfter()))) {
                gaveUp = true;
                stored.add(store(delivery.attempted(attempt, DeliveryState.FAILED, now)));
            } else {
                stored.add(store(delivery.attempted(attempt, DeliveryState.PENDING, next)));
            }
        }
        if (gaveUp) {
            current(endpoint).ifPresent(this::failed);
        }
        return stored;
    }

    /**
     * POSTs a message to the endpoint now, signed with its secrets, and says how it went; nothing is stored. The
     * caller records the attempt if it wants to.
     */
    public SendResult post(WebhookEndpoint endpoint, String messageId, String payload, Instant now) {
        long timestamp = now.getEpochSecond();
        String signature;
        try {
            signature = WebhookSigner.header(secrets(endpoint, now), messageId, timestamp, payload);
        } catch (IllegalStateException unopened) {
            return SendResult.failed("not sent: " + unopened.getMessage());
        }
        return sender.send(endpoint.url(), Map.of(
            "webhook-id", messageId,
            "webhook-timestamp", Long.toString(timestamp),
            "webhook-signature", signature), payload);
    }

    private List<String> secrets(WebhookEndpoint endpoint, Instant now) {
        List<String> secrets = new ArrayList<>(2);
        secrets.add(seal.open(endpoint.sealedSecret(), WebhookSecretContext.of(endpoint.id())));
        if (endpoint.previousUntil().map(now::isBefore).orElse(false)) {
            endpoint.sealedPreviousSecret()
                .ifPresent(previous -> secrets.add(seal.open(previous, WebhookSecretContext.of(endpoint.id()))));
        }
        return secrets;
    }

    /**
     * The endpoint as stored now: an owner may have changed it (URL, filter, enabled) while the POST was under way,
     * and the count of failures must not overwrite that.
     */
    private Optional<WebhookEndpoint> current(WebhookEndpoint endpoint) {
        return endpoints.find(endpoint.scope(), endpoint.id());
    }

    private void failed(WebhookEndpoint endpoint) {
        WebhookEndpoint counted = endpoint.withConsecutiveFailures(endpoint.consecutiveFailures() + 1);
        if (counted.consecutiveFailures() >= disableAfter) {
            disable(counted, counted.consecutiveFailures() + " deliveries in a row failed after every retry");
        } else {
            endpoints.update(counted);
        }
    }

    private void disable(WebhookEndpoint endpoint, String reason) {
        endpoints.update(endpoint.disable(reason));
        LOGGER.warn("Disabled webhook {}: {}", endpoint, reason);
        try {
            notice.disabled(endpoint, reason);
        } catch (RuntimeException e) {
            LOGGER.error("Could not tell the owners of {} that webhook {} was disabled", endpoint.scope(), endpoint.id(), e);
        }
    }

    private WebhookDelivery store(WebhookDelivery delivery) {
        outbox.update(delivery);
        return delivery;
    }
}
