package io.smtpy.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.google.common.collect.ImmutableSet;

import io.smtpy.core.events.MailEventType;

/**
 * Where mail events are posted: whose endpoint it is ({@link WebhookScope}: a domain's, or an account's for all its
 * domains), a URL, the event types wanted (empty: all), whether it is enabled (and why not), whether events are
 * batched, the secret that signs the messages and, for a while after a rotation, the previous one.
 *
 * <p>Secrets are held <b>sealed</b> (access's {@code SecretSeal}, context {@code webhook <id>}): an endpoint read from storage or printed never shows
 * them. {@link #consecutiveFailures()} counts deliveries given up in a row; the sender disables the endpoint when it
 * reaches its limit and resets it on a success.
 */
public final class WebhookEndpoint {
    private final WebhookId id;
    private final WebhookScope scope;
    private final URI url;
    private final Set<MailEventType> events;
    private final boolean enabled;
    private final Optional<String> disabledReason;
    private final String sealedSecret;
    private final Optional<String> sealedPreviousSecret;
    private final Optional<Instant> previousUntil;
    private final Instant createdAt;
    private final int consecutiveFailures;
    private final Optional<WebhookBatch> batch;

    public WebhookEndpoint(WebhookId id, WebhookScope scope, URI url, Set<MailEventType> events, boolean enabled,
                           Optional<String> disabledReason, String sealedSecret, Optional<String> sealedPreviousSecret,
                           Optional<Instant> previousUntil, Instant createdAt, int consecutiveFailures,
                           Optional<WebhookBatch> batch) {
        this.id = Objects.requireNonNull(id, "id");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.url = Objects.requireNonNull(url, "url");
        this.events = ImmutableSet.copyOf(events);
        this.enabled = enabled;
        this.disabledReason = enabled ? Optional.empty() : Objects.requireNonNull(disabledReason, "disabledReason");
        this.sealedSecret = Objects.requireNonNull(sealedSecret, "sealedSecret");
        this.sealedPreviousSecret = Objects.requireNonNull(sealedPreviousSecret, "sealedPreviousSecret");
        this.previousUntil = Objects.requireNonNull(previousUntil, "previousUntil");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.consecutiveFailures = consecutiveFailures;
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /** A new enabled endpoint with no previous secret, sending each event on its own. */
    public static WebhookEndpoint create(WebhookId id, WebhookScope scope, URI url, Set<MailEventType> events,
                                         String sealedSecret, Instant createdAt) {
        return new WebhookEndpoint(id, scope, url, events, true, Optional.empty(), sealedSecret, Optional.empty(),
            Optional.empty(), createdAt, 0, Optional.empty());
    }

    public WebhookId id() {
        return id;
    }

    public WebhookScope scope() {
        return scope;
    }

    /** How events are batched; empty: each is sent on its own at once. */
    public Optional<WebhookBatch> batch() {
        return batch;
    }

    public URI url() {
        return url;
    }

    /** The event types posted; empty for all of them. */
    public Set<MailEventType> events() {
        return events;
    }

    public boolean wants(MailEventType type) {
        return events.isEmpty() || events.contains(type);
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<String> disabledReason() {
        return disabledReason;
    }

    public String sealedSecret() {
        return sealedSecret;
    }

    public Optional<String> sealedPreviousSecret() {
        return sealedPreviousSecret;
    }

    /** Until when the previous secret signs too. */
    public Optional<Instant> previousUntil() {
        return previousUntil;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public WebhookEndpoint withUrl(URI url) {
        return new WebhookEndpoint(id, scope, url, events, enabled, disabledReason, sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, consecutiveFailures, batch);
    }

    public WebhookEndpoint withEvents(Set<MailEventType> events) {
        return new WebhookEndpoint(id, scope, url, events, enabled, disabledReason, sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, consecutiveFailures, batch);
    }

    public WebhookEndpoint withBatch(Optional<WebhookBatch> batch) {
        return new WebhookEndpoint(id, scope, url, events, enabled, disabledReason, sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, consecutiveFailures, batch);
    }

    /** Enabled, failures forgotten. */
    public WebhookEndpoint enable() {
        return new WebhookEndpoint(id, scope, url, events, true, Optional.empty(), sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, 0, batch);
    }

    public WebhookEndpoint disable(String reason) {
        return new WebhookEndpoint(id, scope, url, events, false, Optional.of(reason), sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, consecutiveFailures, batch);
    }

    public WebhookEndpoint withConsecutiveFailures(int failures) {
        return new WebhookEndpoint(id, scope, url, events, enabled, disabledReason, sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, failures, batch);
    }

    /** {@code sealedSecret} signs from now on; the current one keeps signing too until {@code previousUntil}. */
    public WebhookEndpoint rotated(String sealedSecret, Instant previousUntil) {
        return new WebhookEndpoint(id, scope, url, events, enabled, disabledReason, sealedSecret,
            Optional.of(this.sealedSecret), Optional.of(previousUntil), createdAt, consecutiveFailures, batch);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WebhookEndpoint)) {
            return false;
        }
        WebhookEndpoint other = (WebhookEndpoint) o;
        return id.equals(other.id) && scope.equals(other.scope) && url.equals(other.url) && events.equals(other.events)
            && enabled == other.enabled && disabledReason.equals(other.disabledReason)
            && sealedSecret.equals(other.sealedSecret) && sealedPreviousSecret.equals(other.sealedPreviousSecret)
            && previousUntil.equals(other.previousUntil) && createdAt.equals(other.createdAt)
            && consecutiveFailures == other.consecutiveFailures && batch.equals(other.batch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, scope, url, events, enabled, disabledReason, sealedSecret, sealedPreviousSecret,
            previousUntil, createdAt, consecutiveFailures, batch);
    }

    /** Without the query (it may hold the owner's token) and without the secrets. */
    @Override
    public String toString() {
        return "WebhookEndpoint{" + id + " of " + scope.describe() + " to " + url.getScheme() + "://" + url.getRawAuthority()
            + url.getRawPath() + (enabled ? "" : " disabled") + "}";
    }
}
