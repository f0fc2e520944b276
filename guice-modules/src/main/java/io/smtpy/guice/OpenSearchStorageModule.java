package io.smtpy.guice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.http.HttpHost;
import org.apache.james.utils.PropertiesProvider;
import org.opensearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

import io.smtpy.access.store.AccessStores;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.search.opensearch.OpenSearchMailEventRepository;

/**
 * {@code storage.events=opensearch}: mail events in OpenSearch, searchable from every node, in monthly indices
 * ({@code <prefix>-events-YYYY.MM}) behind one alias. It keeps mail events only. Settings in smtpy.properties:
 * {@code opensearch.hosts} ({@code host:port} list, required), {@code opensearch.indexPrefix} (default
 * {@code smtpy}), {@code opensearch.replicas} (default 1; 0 for a single OpenSearch node).
 */
public class OpenSearchStorageModule extends AbstractModule {
    public static final String NAME = "opensearch";
    static final String HOSTS = "opensearch.hosts";
    static final String INDEX_PREFIX = "opensearch.indexPrefix";
    static final String REPLICAS = "opensearch.replicas";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, StorageFlavour.class).addBinding(NAME).to(OpenSearchStorage.class);
    }

    /** {@code opensearch.hosts}, every entry {@code host:port}; a bad one refused naming the key. */
    static HttpHost[] hosts(Configuration properties) {
        List<HttpHost> hosts = new ArrayList<>();
        for (String entry : SmtpyConfiguration.entries(properties, HOSTS)) {
            int colon = entry.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                int port = Integer.parseInt(entry.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                hosts.add(new HttpHost(entry.substring(0, colon), port, "http"));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException(HOSTS, "smtpy.properties: " + HOSTS + ": not host:port: " + entry);
            }
        }
        if (hosts.isEmpty()) {
            throw new InvalidFieldException(HOSTS, "smtpy.properties: " + HOSTS + " is required (host:port, comma separated)");
        }
        return hosts.toArray(HttpHost[]::new);
    }

    static String indexPrefix(Configuration properties) {
        String prefix = properties.getString(INDEX_PREFIX, "smtpy").trim();
        if (!prefix.matches("[a-z0-9][a-z0-9_-]{0,39}") || !prefix.equals(prefix.toLowerCase(Locale.ROOT))) {
            throw new InvalidFieldException(INDEX_PREFIX, "smtpy.properties: " + INDEX_PREFIX
                + " must be lower-case letters, digits, - and _ (at most 40): " + prefix);
        }
        return prefix;
    }

    static int replicas(Configuration properties) {
        int replicas = properties.getInt(REPLICAS, 1);
        if (replicas < 0) {
            throw new InvalidFieldException(REPLICAS, "smtpy.properties: " + REPLICAS + " must be 0 or more: " + replicas);
        }
        return replicas;
    }

    static final class OpenSearchStorage implements StorageFlavour {
        private static final Logger LOGGER = LoggerFactory.getLogger(OpenSearchStorage.class);

        private final OpenSearchMailEventRepository events;

        @Inject
        OpenSearchStorage(PropertiesProvider properties) throws ConfigurationException {
            Configuration configuration = SmtpyConfiguration.rawProperties(properties);
            HttpHost[] hosts = hosts(configuration);
            String prefix = indexPrefix(configuration);
            int replicas = replicas(configuration);
            RestClient client = RestClient.builder(hosts).build();
            LOGGER.info("smtpy mail events in OpenSearch at {} (indices {}-*)", List.of(hosts), prefix);
            try {
                this.events = new OpenSearchMailEventRepository(client, prefix, replicas);
            } catch (RuntimeException e) {
                try {
                    client.close();
                } catch (java.io.IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        @Override
        public boolean keeps(StorageConcern concern) {
            return concern == StorageConcern.EVENTS;
        }

        @Override
        public DomainRepository domains() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not domains");
        }

        @Override
        public AliasRepository aliases() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not aliases");
        }

        @Override
        public MailEventRepository events() {
            return events;
        }

        @Override
        public DmarcReportRepository dmarcReports() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not dmarcReports");
        }

        @Override
        public DkimKeyRepository dkimKeys() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not dkimKeys");
        }

        @Override
        public AccessStores access() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not access");
        }

        @Override
        public RuleRepository rules() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not rules");
        }

        @Override
        public ListRepository lists() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not lists");
        }

        @Override
        public QuarantineRepository quarantine() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not quarantine");
        }

        @Override
        public WebhookRepository webhooks() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not webhooks");
        }

        @Override
        public WebhookOutbox webhookOutbox() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not webhookOutbox");
        }

        @Override
        public RollupRepository rollups() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not rollups");
        }

        @Override
        public NotificationPreferenceRepository notificationPreferences() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not notificationPreferences");
        }

        @Override
        public FailedCopyRepository failedCopies() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not failedCopies");
        }

        @Override
        public SuppressionRepository suppressions() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not suppressions");
        }

        @Override
        public SmtpCredentialRepository smtpCredentials() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not smtpCredentials");
        }

        @Override
        public LimitSettingsRepository limitSettings() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not limitSettings");
        }

        @Override
        public io.smtpy.limits.LimitCounters limitCounters() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not limitCounters");
        }

        @Override
        public DomainRelayRepository domainRelays() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not domainRelays");
        }

        @Override
        public TrackingSettingsRepository trackingSettings() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not trackingSettings");
        }

        @Override
        public ReverseAliasRepository reverseAliases() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not reverseAliases");
        }

        @Override
        public io.smtpy.core.cluster.TaskLedger taskLedger() {
            throw new IllegalStateException("the opensearch storage keeps only mail events, not task records");
        }

        /** Writes the events still queued, then closes the client. */
        @PreDestroy
        public void close() {
            events.close();
        }
    }
}
