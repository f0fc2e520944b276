package io.smtpy.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.google.common.net.InetAddresses;

import io.smtpy.access.service.SecretSeal;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.rules.post.RefusedEndpointException;

/**
 * What owners do with the webhooks of their domains and accounts ({@link WebhookScope}): add an endpoint (its secret shown once), change, disable, enable or
 * delete it, rotate its secret (the old one keeps signing for {@link #ROTATION_OVERLAP}), send a test message, read
 * the delivery log, and replay one event or a time range. Every refusal of input is an {@link InvalidFieldException}
 * naming the field, thrown before anything is stored.
 *
 * <p>URLs are checked when stored as far as can be done without DNS: http or https, a host, no user name or password,
 * and a literal address the {@link WebhookSender}'s guard accepts. Names are checked at every send, after DNS.
 */
public class Webhooks {
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    public static final int MAX_ENDPOINTS_PER_DOMAIN = 20;
    public static final int MAX_URL_LENGTH = 2000;
    public static final int MAX_REPLAY = 1000;

    private final WebhookRepository endpoints;
    private final WebhookOutbox outbox;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final SecretSeal seal;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Webhooks(WebhookRepository endpoints, WebhookOutbox outbox, WebhookDeliveries deliveries, WebhookSender sender,
                    SecretSeal seal, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints);
        this.outbox = Objects.requireNonNull(outbox);
        this.deliveries = Objects.requireNonNull(deliveries);
        this.sender = Objects.requireNonNull(sender);
        this.seal = Objects.requireNonNull(seal);
        this.clock = Objects.requireNonNull(clock);
    }

    /** An endpoint as created or rotated, with its secret in clear: the only time it is shown. */
    public static final class WithSecret {
        private final WebhookEndpoint endpoint;
        private final String secret;

        WithSecret(WebhookEndpoint endpoint, String secret) {
            this.endpoint = endpoint;
            this.secret = secret;
        }

        public WebhookEndpoint endpoint() {
            return endpoint;
        }

        public String secret() {
            return secret;
        }

        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    /**
     * @param events the event type names wanted; empty for all
     * @param batch how its events are batched; empty: each sent alone at once
     * @throws InvalidFieldException ({@code url}, {@code events[i]}) for a refused URL or an unknown event type, or
     *                               ({@code url}) when the scope has {@value #MAX_ENDPOINTS_PER_DOMAIN} endpoints
     */
    public WithSecret create(WebhookScope scope, String url, List<String> events, Optional<WebhookBatch> batch) {
        URI checked = checkedUrl(url);
        Set<MailEventType> types = eventTypes(events);
        if (endpoints.list(scope).size() >= MAX_ENDPOINTS_PER_DOMAIN) {
            throw new InvalidFieldException("url", scope.describe() + " has " + MAX_ENDPOINTS_PER_DOMAIN
                + " webhook endpoints already, the most a domain or account may have");
        }
        WebhookId id = WebhookId.random();
        String secret = WebhookSigner.newSecret(random);
        WebhookEndpoint endpoint = WebhookEndpoint.create(id, scope, checked, types,
            seal.seal(secret, WebhookSecretContext.of(id)), clock.instant()).withBatch(batch);
        endpoints.create(endpoint);
        return new WithSecret(endpoint, secret);
    }

    public List<WebhookEndpoint> list(WebhookScope scope) {
        return endpoints.list(scope);
    }

    /** @throws NotFoundException when the scope has no such endpoint */
    public WebhookEndpoint get(WebhookScope scope, WebhookId id) {
        return endpoints.find(scope, id)
            .orElseThrow(() -> new NotFoundException("webhook " + id.asString() + " of " + scope.describe() + " does not exist"));
    }

    /**
     * Changes what is given; {@code enabled=true} also forgets the failures counted, {@code false} disables with the
     * reason "disabled by an owner"; {@code batch} of an empty Optional stops batching.
     *
     * @throws NotFoundException when the scope has no such endpoint
     * @throws InvalidFieldException as {@link #create}
     */
    public WebhookEndpoint update(WebhookScope scope, WebhookId id, Optional<String> url, Optional<List<String>> events,
                                  Optional<Boolean> enabled, Optional<Optional<WebhookBatch>> batch) {
        WebhookEndpoint endpoint = get(scope, id);
        Optional<URI> checked = url.map(this::checkedUrl);
        Optional<Set<MailEventType>> types = events.map(Webhooks::eventTypes);
        WebhookEndpoint changed = endpoint;
        if (checked.isPresent()) {
            changed = changed.withUrl(checked.get());
        }
        if (types.isPresent()) {
            changed = changed.withEvents(types.get());
        }
        if (batch.isPresent()) {
            changed = changed.withBatch(batch.get());
        }
        if (enabled.isPresent() && enabled.get() != changed.enabled()) {
            changed = enabled.get() ? changed.enable() : changed.disable("disabled by an owner");
        }
        endpoints.update(changed);
        return changed;
    }

    /** Deletes the endpoint and its delivery log. @return whether there was one */
    public boolean delete(WebhookScope scope, WebhookId id) {
        boolean deleted = endpoints.delete(scope, id);
        if (deleted) {
            outbox.deleteEndpoint(scope, id);
        }
        return deleted;
    }

    /** A new secret signs from now on; the current one keeps signing too for {@link #ROTATION_OVERLAP}. */
    public WithSecret rotateSecret(WebhookScope scope, WebhookId id) {
        WebhookEndpoint endpoint = get(scope, id);
        String secret = WebhookSigner.newSecret(random);
        WebhookEndpoint rotated = endpoint.rotated(seal.seal(secret, WebhookSecretContext.of(id)),
            clock.instant().plus(ROTATION_OVERLAP));
        endpoints.update(rotated);
        return new WithSecret(rotated, secret);
    }

    /**
     * Sends a {@value WebhookPayload#TEST_TYPE} message now (even to a disabled endpoint: owners test before they
     * enable), records it in the delivery log, and returns it. Not retried.
     */
    public WebhookDelivery test(WebhookScope scope, WebhookId id) {
        WebhookEndpoint endpoint = get(scope, id);
        Instant now = clock.instant();
        WebhookDelivery delivery = WebhookDelivery.pending(id, scope, "msg_test_" + WebhookDeliveryId.random().asString(),
            WebhookPayload.TEST_TYPE, now, WebhookPayload.test(scope, now), now);
        long started = System.nanoTime();
        SendResult result = deliveries.post(endpoint, delivery.messageId(), delivery.payload(), now);
        DeliveryAttempt attempt = new DeliveryAttempt(now, result.status(), (System.nanoTime() - started) / 1_000_000, result.outcome());
        WebhookDelivery attempted = delivery.attempted(attempt, result.delivered() ? DeliveryState.DELIVERED : DeliveryState.FAILED, now);
        outbox.add(attempted);
        return attempted;
    }

    public List<WebhookDelivery> deliveries(WebhookScope scope, WebhookId id, int limit) {
        get(scope, id);
        return outbox.list(scope, id, limit);
    }

    /**
     * Queues the event's message again for the endpoint (same {@code webhook-id}), whatever became of it before.
     *
     * @return the new delivery
     * @throws InvalidFieldException ({@code eventId}) when the endpoint was never sent that event
     */
    public WebhookDelivery replayEvent(WebhookScope scope, WebhookId id, String eventId) {
        get(scope, id);
        String messageId = "msg_" + eventId;
        WebhookDelivery earlier = outbox.ofMessage(scope, id, messageId).stream().findFirst()
            .orElseThrow(() -> new InvalidFieldException("eventId", "no message of event '" + eventId + "' was sent to webhook " + id.asString()));
        WebhookDelivery replay = earlier.replay(clock.instant());
        outbox.add(replay);
        return replay;
    }

    /**
     * Queues again every message of events in {@code [from, to)} the endpoint was sent (once per message, at most
     * {@value #MAX_REPLAY}), test messages left out.
     *
     * @return the new deliveries
     * @throws InvalidFieldException ({@code to}) when {@code to} is not after {@code from}
     */
    public List<WebhookDelivery> replayRange(WebhookScope scope, WebhookId id, Instant from, Instant to) {
        get(scope, id);
        if (!to.isAfter(from)) {
            throw new InvalidFieldException("to", "'to' must be after 'from'");
        }
        Instant now = clock.instant();
        Set<String> seen = new LinkedHashSet<>();
        List<WebhookDelivery> replays = new ArrayList<>();
        for (WebhookDelivery earlier : outbox.ofEvents(scope, id, from, to, Integer.MAX_VALUE)) {
            if (earlier.eventType().equals(WebhookPayload.TEST_TYPE) || !seen.add(earlier.messageId())) {
                continue;
            }
            if (replays.size() >= MAX_REPLAY) {
                break;
            }
            replays.add(earlier.replay(now));
        }
        replays.forEach(outbox::add);
        return replays;
    }

    static URI parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidFieldException("url", "the URL is missing");
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new InvalidFieldException("url", "the URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidFieldException("url", "'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidFieldException("url", "only http and https URLs can be webhooks");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidFieldException("url", "the URL must not carry a user name or password");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new InvalidFieldException("url", "the URL has no host");
        }
        return url;
    }

    private URI checkedUrl(String text) {
        URI url = parseUrl(text);
        String host = url.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (InetAddresses.isInetAddress(bare)) {
            try {
                sender.check(url);
            } catch (RefusedEndpointException refused) {
                throw new InvalidFieldException("url", "refused: " + refused.getMessage());
            }
        }
        return url;
    }

    static Set<MailEventType> eventTypes(List<String> names) {
        Set<MailEventType> types = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                types.add(MailEventType.parse(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("events[" + i + "]", e.getMessage());
            }
        }
        return types;
    }
}
