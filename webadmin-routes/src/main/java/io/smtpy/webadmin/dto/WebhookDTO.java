package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.events.MailEventType;
import io.smtpy.webhooks.WebhookEndpoint;

/**
 * A webhook endpoint as the API shows it; {@code secret} only in the answers of creation and rotation (the one
 * time it is shown), never when read.
 */
public class WebhookDTO {
    public final String id;
    public final String domain;
    public final String url;
    /** The event types posted; empty for all. */
    public final List<String> events;
    public final boolean enabled;
    public final Optional<String> disabledReason;
    public final Instant createdAt;
    /** Until when the secret replaced by the last rotation still signs too. */
    public final Optional<Instant> previousSecretValidUntil;
    public final int consecutiveFailures;
    public final Optional<String> secret;

    public WebhookDTO(WebhookEndpoint endpoint, Instant now) {
        this(endpoint, now, Optional.empty());
    }

    public WebhookDTO(WebhookEndpoint endpoint, Instant now, Optional<String> secret) {
        this.id = endpoint.id().asString();
        this.domain = endpoint.domain().asString();
        this.url = endpoint.url().toString();
        this.events = endpoint.events().stream().map(MailEventType::asString).sorted().collect(Collectors.toList());
        this.enabled = endpoint.enabled();
        this.disabledReason = endpoint.disabledReason();
        this.createdAt = endpoint.createdAt();
        this.previousSecretValidUntil = endpoint.previousUntil().filter(now::isBefore);
        this.consecutiveFailures = endpoint.consecutiveFailures();
        this.secret = secret;
    }
}
