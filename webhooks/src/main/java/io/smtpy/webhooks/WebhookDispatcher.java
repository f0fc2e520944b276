package io.smtpy.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;

import io.smtpy.access.store.DomainOwnership;
import io.smtpy.core.cluster.SharedCache;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.cluster.Topic;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.model.DomainName;

/**
 * Turns each recorded mail event into one outbox entry per enabled endpoint that wants its type: the endpoints of its
 * domain, and those of the account that owns the domain. Runs on the mail path's thread, so it only reads endpoints
 * and appends to the durable outbox: nothing is sent here ({@link WebhookDeliveries} does that on its own thread).
 * An endpoint that batches gets its entry due when the batch's delay is over.
 *
 * <p>Nothing here waits for a query when nothing changed: endpoints come from the {@link CachingWebhookRepository}
 * the wiring gives, and a domain's owning account is remembered once read. A domain's owner is assigned when the
 * domain is created and released when it is deleted ({@link #forgetDomain}, which the wiring calls then), so what
 * is remembered is right until then; a domain of the same name created later is read afresh. On the other nodes of a
 * cluster too: the deletion is published under {@link #TOPIC} ({@link #sharedIndex()}). A domain with no owner
 * recorded reaches no account's endpoints.
 */
public class WebhookDispatcher implements MailEventListener {
    /** A domain's owner is to be read again (the domain was deleted); the key is the domain. */
    public static final Topic<DomainName> TOPIC = Topic.ofDomains("domain-owners");

    private final WebhookRepository endpoints;
    private final WebhookOutbox outbox;
    private final Clock clock;
    /** The domains' owning accounts: only a known owner is kept (see {@link #account}). */
    private final SharedCache<DomainName, WebhookScope> accounts;

    @Inject
    public WebhookDispatcher(WebhookRepository endpoints, WebhookOutbox outbox, DomainOwnership ownership, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints);
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
        Objects.requireNonNull(ownership);
        this.accounts = new SharedCache<>(TOPIC,
            domain -> ownership.owner(domain).map(account -> WebhookScope.account(account.asString())).orElse(null));
    }

    @Override
    public void onEvent(MailEvent event) {
        Payload payload = new Payload(event);
        queue(WebhookScope.domain(event.domain()), event, payload);
        account(event.domain()).ifPresent(account -> queue(account, event, payload));
    }

    /** The domain was deleted: its owner is read again should a domain of that name come back. */
    public void forgetDomain(DomainName domain) {
        accounts.changed(domain);
    }

    /** The domains' owners held in memory: what follows the changes made through the other nodes. */
    public SharedIndex<DomainName> sharedIndex() {
        return accounts;
    }

    /**
     * The account that owns the domain. Only a known owner is remembered: a domain is created a moment before its owner
     * is assigned, and an event in between must not pin it to no account.
     */
    private Optional<WebhookScope> account(DomainName domain) {
        return Optional.ofNullable(accounts.get(domain));
    }

    private void queue(WebhookScope scope, MailEvent event, Payload payload) {
        for (WebhookEndpoint endpoint : endpoints.list(scope)) {
            if (!endpoint.enabled() || !endpoint.wants(event.type())) {
                continue;
            }
            Instant now = clock.instant();
            WebhookDelivery delivery = WebhookDelivery.pending(endpoint.id(), scope, WebhookPayload.messageId(event),
                event.type().asString(), event.at(), payload.text(), now);
            outbox.add(endpoint.batch().map(batch -> delivery.dueAt(now.plus(batch.maxDelay()))).orElse(delivery));
        }
    }

    /** The event's JSON, written once however many endpoints want it, and not at all when none does. */
    private static final class Payload {
        private final MailEvent event;
        private String text;

        Payload(MailEvent event) {
            this.event = event;
        }

        String text() {
            if (text == null) {
                text = WebhookPayload.of(event);
            }
            return text;
        }
    }
}
