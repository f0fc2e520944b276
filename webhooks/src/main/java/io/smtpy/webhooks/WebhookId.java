package io.smtpy.webhooks;

import io.smtpy.rules.OpaqueId;

/** Names one webhook endpoint of a domain; a random UUID, read back from paths. */
public final class WebhookId extends OpaqueId {
    private WebhookId(String value) {
        super(value);
    }

    public static WebhookId random() {
        return new WebhookId(randomValue());
    }

    /** @throws IllegalArgumentException unless the value has an id's form */
    public static WebhookId of(String value) {
        return new WebhookId(checked(value, "webhook id"));
    }
}
