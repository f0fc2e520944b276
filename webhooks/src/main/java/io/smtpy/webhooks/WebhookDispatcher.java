package io.smtpy.webhooks;

import java.time.Clock;
import java.util.Objects;

import javax.inject.Inject;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventListener;

/**
 * Turns each recorded mail event into one outbox entry per enabled endpoint of its domain that wants its type. Runs
 * on the mail path's thread, so it only reads the domain's endpoints and appends to the durable outbox: nothing is
 * sent here ({@link WebhookDeliveries} does that on its own thread).
 */
public class WebhookDispatcher implements MailEventListener {
    private final WebhookRepository endpoints;
    private final WebhookOutbox outbox;
    private final Clock clock;

    @Inject
    public WebhookDispatcher(WebhookRepository endpoints, WebhookOutbox outbox, Clock clock) {
        this.endpoints = Objects.requireNonNull(endpoints);
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void onEvent(MailEvent event) {
        String payload = null;
        for (WebhookEndpoint endpoint : endpoints.list(event.domain())) {
            if (!endpoint.enabled() || !endpoint.wants(event.type())) {
                continue;
            }
            if (payload == null) {
                payload = WebhookPayload.of(event);
            }
            outbox.add(WebhookDelivery.pending(endpoint.id(), event.domain(), WebhookPayload.messageId(event),
                event.type().asString(), event.at(), payload, clock.instant()));
        }
    }
}
