package io.smtpy.webhooks;

import io.smtpy.rules.OpaqueId;

/** Names one delivery (one message to one endpoint, with its attempts) in the outbox; a random UUID. */
public final class WebhookDeliveryId extends OpaqueId {
    private WebhookDeliveryId(String value) {
        super(value);
    }

    public static WebhookDeliveryId random() {
        return new WebhookDeliveryId(randomValue());
    }

    /** @throws IllegalArgumentException unless the value has an id's form */
    public static WebhookDeliveryId of(String value) {
        return new WebhookDeliveryId(checked(value, "delivery id"));
    }
}
