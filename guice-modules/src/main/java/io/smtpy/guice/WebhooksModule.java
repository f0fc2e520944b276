package io.smtpy.guice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.smtpy.access.AccessId;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.webhooks.CachingWebhookRepository;
import io.smtpy.webhooks.EndpointDisabledNotice;
import io.smtpy.webhooks.RetrySchedule;
import io.smtpy.webhooks.WebhookDeliveries;
import io.smtpy.webhooks.WebhookDispatcher;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.webhooks.WebhookScope;
import io.smtpy.webhooks.WebhookSender;
import io.smtpy.webhooks.Webhooks;

/**
 * Signed webhooks of mail events: storage (from the chosen flavour, endpoints cached in memory), the
 * {@link WebhookDispatcher} told of every recorded event (it fills the durable outbox for the endpoints of the event's
 * domain and of the account that owns it), and {@link WebhookDeliveries}, which sends on its own thread from
 * start to stop. Secrets are sealed under the master key ({@code dkim.masterKey}, access's {@link SecretSeal}).
 * Settings in {@code smtpy.properties}:
 * <pre>
 * webhooks.allowedNetworks=127.0.0.0/8   # networks webhooks may reach in spite of the SSRF guard (default none)
 * webhooks.firstRetrySeconds=30          # the first retry's delay; doubled per attempt up to webhooks.maxRetrySeconds
 * webhooks.maxRetrySeconds=3600
 * webhooks.giveUpHours=25                # a delivery is given up this long after it was queued
 * webhooks.disableAfterFailures=5        # deliveries given up in a row before the endpoint is disabled
 * </pre>
 * A disabled endpoint's owners and admins (of its domain, or of its account) get a mail from the postmaster.
 */
public class WebhooksModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebhooksModule.class);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), MailEventListener.class).addBinding().to(WebhookDispatcher.class);
        bind(WebhookSending.class).asEagerSingleton();
    }

    /**
     * The one {@link WebhookRepository} everything uses, so the cache in front of the store sees every change of
     * endpoints (routes, and deliveries that count failures or disable).
     */
    @Provides
    @Singleton
    CachingWebhookRepository cachedWebhooks(StorageFlavour storage) {
        return new CachingWebhookRepository(storage.webhooks());
    }

    @Provides
    WebhookRepository webhooks(CachingWebhookRepository cached) {
        return cached;
    }

    /** The endpoints each node keeps in memory follow the other nodes' changes ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> webhookIndex(CachingWebhookRepository cached) {
        return cached.sharedIndex();
    }

    /** Each node's remembered domain owners are read again when another node deletes the domain ({@link ClusterModule}). */
    @ProvidesIntoSet
    SharedIndex<?> domainOwnerIndex(WebhookDispatcher dispatcher) {
        return dispatcher.sharedIndex();
    }

    /** Forgets a deleted domain's owning account, so a domain of that name created later is read afresh. */
    @Provides
    @Singleton
    WebhookDispatcher webhookDispatcher(WebhookRepository endpoints, WebhookOutbox outbox, AccessStores access,
                                        AliasDirectory directory, Clock clock) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(endpoints, outbox, access.ownership(), clock);
        directory.onDomainDeleted(dispatcher::forgetDomain);
        return dispatcher;
    }

    @Provides
    WebhookOutbox webhookOutbox(StorageFlavour storage) {
        return storage.webhookOutbox();
    }

    @Provides
    @Singleton
    WebhookSender webhookSender(PropertiesProvider properties) throws ConfigurationException {
        List<String> allowed = SmtpyConfiguration.entries(SmtpyConfiguration.rawProperties(properties), "webhooks.allowedNetworks");
        if (!allowed.isEmpty()) {
            LOGGER.warn("Webhooks may reach {} in spite of the SSRF guard (webhooks.allowedNetworks)", allowed);
        }
        try {
            return new WebhookSender(EndpointGuard.allowing(allowed, "webhooks.allowedNetworks"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: webhooks.allowedNetworks: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    WebhookDeliveries webhookDeliveries(WebhookRepository endpoints, WebhookOutbox outbox, WebhookSender sender, SecretSeal seal,
                                        AccessStores access, Provider<MailetContext> mailetContext, Clock clock,
                                        PropertiesProvider properties) throws ConfigurationException {
        Configuration configuration = SmtpyConfiguration.rawProperties(properties);
        RetrySchedule schedule;
        try {
            schedule = new RetrySchedule(Duration.ofSeconds(SmtpyConfiguration.positive(configuration, "webhooks.firstRetrySeconds", 30)),
                Duration.ofSeconds(SmtpyConfiguration.positive(configuration, "webhooks.maxRetrySeconds", 3600)),
                Duration.ofHours(SmtpyConfiguration.positive(configuration, "webhooks.giveUpHours", 25)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: webhooks.firstRetrySeconds must not exceed webhooks.maxRetrySeconds", e);
        }
        NoticeSender notices = new PostmasterNotices(mailetContext);
        EndpointDisabledNotice notice = (endpoint, reason) -> {
            WebhookScope scope = endpoint.scope();
            List<MailAddress> owners = scope.domain().map(domain -> DomainAdmins.of(access, domain))
                .orElseGet(() -> DomainAdmins.ofAccount(access, AccessId.of(scope.account().orElseThrow())));
            String base = scope.domain().map(domain -> "/smtpy/domains/" + domain.asString())
                .orElseGet(() -> "/smtpy/accounts/" + scope.account().orElseThrow());
            for (MailAddress owner : owners) {
                try {
                    notices.send(owner, "smtpy: a webhook of " + scope.describe() + " was disabled",
                        "The webhook " + endpoint.id().asString() + " of " + scope.describe() + " ("
                            + endpoint.url().getScheme() + "://" + endpoint.url().getRawAuthority() + endpoint.url().getRawPath()
                            + ") was disabled: " + reason + ".\n\nIts delivery log is at GET " + base
                            + "/webhooks/" + endpoint.id().asString() + "/deliveries; enable it again"
                            + " with PATCH {\"enabled\": true} and replay what it missed with POST .../replay {\"from\", \"to\"}.\n");
                } catch (RuntimeException e) {
                    LOGGER.error("Could not tell {} that webhook {} was disabled", owner, endpoint.id(), e);
                }
            }
        };
        return new WebhookDeliveries(endpoints, outbox, sender, seal, notice, clock, schedule,
            SmtpyConfiguration.positive(configuration, "webhooks.disableAfterFailures", 5));
    }

    @Provides
    @Singleton
    Webhooks webhooks(WebhookRepository endpoints, WebhookOutbox outbox, WebhookDeliveries deliveries, WebhookSender sender,
                      SecretSeal seal, Clock clock) {
        return new Webhooks(endpoints, outbox, deliveries, sender, seal, clock);
    }

    /** Sends from the outbox from start (what a crash left pending goes first) to stop. */
    static final class WebhookSending {
        private final WebhookDeliveries deliveries;

        @Inject
        WebhookSending(WebhookDeliveries deliveries) {
            this.deliveries = deliveries;
            deliveries.start(POLL_EVERY);
        }

        @PreDestroy
        void stop() {
            deliveries.close();
        }
    }
}
