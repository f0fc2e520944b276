package io.smtpy.webhooks;

/**
 * Tells a domain's owners that one of its webhook endpoints was disabled (it answered 410 Gone, or too many
 * deliveries in a row failed). The wiring mails the domain's owners and admins; must not throw.
 */
public interface EndpointDisabledNotice {
    void disabled(WebhookEndpoint endpoint, String reason);
}
