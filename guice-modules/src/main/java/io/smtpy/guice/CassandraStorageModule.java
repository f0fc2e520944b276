package io.smtpy.guice;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

import io.smtpy.core.cluster.ChangeFeed;
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
import io.smtpy.store.cassandra.CassandraAccessStores;
import io.smtpy.store.cassandra.CassandraAliasRepository;
import io.smtpy.store.cassandra.CassandraChangeFeed;
import io.smtpy.store.cassandra.CassandraDomainRepository;
import io.smtpy.store.cassandra.CassandraSettings;
import io.smtpy.store.cassandra.CassandraStore;

/**
 * {@code storage=cassandra} (or {@code storage.<concern>=cassandra}): smtpy's keyspace on Cassandra, shared by several
 * nodes ({@code cassandra.*} keys of smtpy.properties, {@link CassandraSettings}). Built only when a concern names it:
 * it connects, and migrates the tables of the concerns it keeps, at start. It keeps {@link #KEPT}; the rest of a
 * {@code storage=cassandra} node stays in the embedded store (see {@link PerConcernStorage}).
 */
public class CassandraStorageModule extends AbstractModule {
    public static final String NAME = "cassandra";
    /** The concerns this flavour keeps. */
    static final Set<StorageConcern> KEPT = EnumSet.of(StorageConcern.DOMAINS, StorageConcern.ACCESS);

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, StorageFlavour.class).addBinding(NAME).to(CassandraStorage.class);
    }

    /** The {@code cassandra.*} keys of smtpy.properties. */
    static CassandraSettings settings(Configuration properties) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Iterator<String> names = properties.getKeys("cassandra"); names.hasNext(); ) {
            String name = names.next();
            keys.put(name, String.join(",", properties.getStringArray(name)));
        }
        return CassandraSettings.parse(keys);
    }

    static final class CassandraStorage implements StorageFlavour {
        private static final Logger LOGGER = LoggerFactory.getLogger(CassandraStorage.class);

        private final CassandraStore store;
        private final DomainRepository domains;
        private final AliasRepository aliases;
        private final ChangeFeed changeFeed;
        private final AccessStores access;

        @Inject
        CassandraStorage(PropertiesProvider properties, Clock clock) throws ConfigurationException {
            CassandraSettings settings = settings(SmtpyConfiguration.rawProperties(properties));
            LOGGER.info("smtpy data in {}", settings);
            this.store = CassandraStore.open(settings);
            store.migrate(CassandraDomainRepository.TABLES);
            store.migrate(CassandraAliasRepository.TABLES);
            store.migrate(CassandraChangeFeed.TABLES);
            this.domains = new CassandraDomainRepository(store);
            this.aliases = new CassandraAliasRepository(store);
            this.changeFeed = new CassandraChangeFeed(store, clock);
            CassandraAccessStores.TABLES.forEach(store::migrate);
            this.access = new CassandraAccessStores(store, clock);
        }

        @Override
        public boolean keeps(StorageConcern concern) {
            return KEPT.contains(concern);
        }

        @Override
        public ChangeFeed changeFeed() {
            return changeFeed;
        }

        @Override
        public DomainRepository domains() {
            return domains;
        }

        @Override
        public AliasRepository aliases() {
            return aliases;
        }

        @Override
        public MailEventRepository events() {
            throw notKept("events");
        }

        @Override
        public DmarcReportRepository dmarcReports() {
            throw notKept("dmarcReports");
        }

        @Override
        public DkimKeyRepository dkimKeys() {
            throw notKept("dkimKeys");
        }

        @Override
        public AccessStores access() {
            return access;
        }

        @Override
        public RuleRepository rules() {
            throw notKept("rules");
        }

        @Override
        public ListRepository lists() {
            throw notKept("lists");
        }

        @Override
        public QuarantineRepository quarantine() {
            throw notKept("quarantine");
        }

        @Override
        public WebhookRepository webhooks() {
            throw notKept("webhooks");
        }

        @Override
        public WebhookOutbox webhookOutbox() {
            throw notKept("webhookOutbox");
        }

        @Override
        public RollupRepository rollups() {
            throw notKept("rollups");
        }

        @Override
        public NotificationPreferenceRepository notificationPreferences() {
            throw notKept("notificationPreferences");
        }

        @Override
        public FailedCopyRepository failedCopies() {
            throw notKept("failedCopies");
        }

        @Override
        public SuppressionRepository suppressions() {
            throw notKept("suppressions");
        }

        @Override
        public SmtpCredentialRepository smtpCredentials() {
            throw notKept("smtpCredentials");
        }

        @Override
        public LimitSettingsRepository limitSettings() {
            throw notKept("limitSettings");
        }

        @Override
        public DomainRelayRepository domainRelays() {
            throw notKept("domainRelays");
        }

        @Override
        public TrackingSettingsRepository trackingSettings() {
            throw notKept("trackingSettings");
        }

        @Override
        public ReverseAliasRepository reverseAliases() {
            throw notKept("reverseAliases");
        }

        private static IllegalStateException notKept(String port) {
            return new IllegalStateException("the cassandra storage does not keep " + port);
        }

        @PreDestroy
        public void close() {
            store.close();
        }
    }
}
