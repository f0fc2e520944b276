package io.smtpy.webhooks;

/** The context an endpoint's secrets are sealed under: a sealed secret copied to another endpoint does not open. */
final class WebhookSecretContext {
    private WebhookSecretContext() {
    }

    static String of(WebhookId endpoint) {
        return "webhook " + endpoint.asString();
    }
}
