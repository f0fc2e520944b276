package io.smtpy.webadmin.dto;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.webhooks.WebhookEndpoint;

/**
 * A webhook endpoint as the API shows it; {@code secret} only in the answers of creation and rotation (the one
 * time it is shown), never when read.
 */
public class WebhookDTO {
    public final String id;
    /** The domain of a domain's endpoint; absent for an account's. */
    public final Optional<String> domain;
    /** The account of an account's endpoint, which gets the events of all its domains; absent for a domain's. */
    public final Optional<String> account;
    public final String url;
    /** The event types posted; empty for all. */
    public final List<String> events;
    public final boolean enabled;
    public final Optional<String> disabledReason;
    public final Instant createdAt;
    /** Until when the secret replaced by the last rotation still signs too. */
    public final Optional<Instant> previousSecretValidUntil;
    public final int consecutiveFailures;
    /** {@code {"maxEvents", "maxDelaySeconds"}} when events are batched; absent when each is sent alone. */
    public final Optional<Map<String, Long>> batch;
    public final Optional<String> secret;

    public WebhookDTO(WebhookEndpoint endpoint, Instant now) {
        this(endpoint, now, Optional.empty());
    }

    public WebhookDTO(WebhookEndpoint endpoint, Instant now, Optional<String> secret) {
        this.id = endpoint.id().asString();
        this.domain = endpoint.scope().domain().map(DomainName::asString);
        this.account = endpoint.scope().account();
        this.url = endpoint.url().toString();
        this.events = endpoint.events().stream().map(MailEventType::asString).sorted().collect(Collectors.toList());
        this.enabled = endpoint.enabled();
        this.disabledReason = endpoint.disabledReason();
        this.createdAt = endpoint.createdAt();
        this.previousSecretValidUntil = endpoint.previousUntil().filter(now::isBefore);
        this.consecutiveFailures = endpoint.consecutiveFailures();
        this.batch = endpoint.batch().map(value -> {
            Map<String, Long> fields = new LinkedHashMap<>();
            fields.put("maxEvents", (long) value.maxEvents());
            fields.put("maxDelaySeconds", value.maxDelay().getSeconds());
            return fields;
        });
        this.secret = secret;
    }
}
