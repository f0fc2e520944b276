package io.smtpy.guice;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
import io.smtpy.store.cassandra.CassandraDkimKeyRepository;
import io.smtpy.store.cassandra.CassandraDmarcReportRepository;
import io.smtpy.store.cassandra.CassandraDomainRelayRepository;
import io.smtpy.store.cassandra.CassandraDomainRepository;
import io.smtpy.store.cassandra.CassandraFailedCopyRepository;
import io.smtpy.store.cassandra.CassandraJobLeases;
import io.smtpy.store.cassandra.CassandraLimitCounters;
import io.smtpy.store.cassandra.CassandraLimitSettingsRepository;
import io.smtpy.store.cassandra.CassandraListRepository;
import io.smtpy.store.cassandra.CassandraNotificationPreferenceRepository;
import io.smtpy.store.cassandra.CassandraQuarantineRepository;
import io.smtpy.store.cassandra.CassandraReverseAliasRepository;
import io.smtpy.store.cassandra.CassandraRollupRepository;
import io.smtpy.store.cassandra.CassandraRuleRepository;
import io.smtpy.store.cassandra.CassandraSettings;
import io.smtpy.store.cassandra.CassandraSmtpCredentialRepository;
import io.smtpy.store.cassandra.CassandraStore;
import io.smtpy.store.cassandra.CassandraSuppressionRepository;
import io.smtpy.store.cassandra.CassandraTaskLedger;
import io.smtpy.store.cassandra.CassandraTrackingSettingsRepository;
import io.smtpy.store.cassandra.CassandraWebhookOutbox;
import io.smtpy.store.cassandra.CassandraWebhookRepository;
import io.smtpy.store.cassandra.TableSet;

/**
 * {@code storage=cassandra} (or {@code storage.<concern>=cassandra}): smtpy's keyspace on Cassandra, shared by several
 * nodes ({@code cassandra.*} keys of smtpy.properties, {@link CassandraSettings}). Built only when a concern names it:
 * it connects and migrates its tables at start. It keeps every concern but mail events ({@link #KEPT}): with
 * {@code storage=cassandra} each node keeps its own mail history in its embedded store unless {@code storage.events}
 * says otherwise (see {@link PerConcernStorage}).
 */
public class CassandraStorageModule extends AbstractModule {
    public static final String NAME = "cassandra";
    /** The concerns this flavour keeps. */
    static final Set<StorageConcern> KEPT = EnumSet.complementOf(EnumSet.of(StorageConcern.EVENTS));
    /** Every table it needs, migrated at start. */
    static final List<TableSet> TABLES = List.of(CassandraDomainRepository.TABLES, CassandraAliasRepository.TABLES, CassandraChangeFeed.TABLES, CassandraDmarcReportRepository.TABLES, CassandraDkimKeyRepository.TABLES, CassandraRuleRepository.TABLES, CassandraListRepository.TABLES, CassandraQuarantineRepository.TABLES, CassandraWebhookRepository.TABLES, CassandraWebhookOutbox.TABLES, CassandraRollupRepository.TABLES, CassandraNotificationPreferenceRepository.TABLES, CassandraFailedCopyRepository.TABLES, CassandraSuppressionRepository.TABLES, CassandraSmtpCredentialRepository.TABLES, CassandraLimitSettingsRepository.TABLES, CassandraLimitCounters.TABLES, CassandraDomainRelayRepository.TABLES, CassandraTrackingSettingsRepository.TABLES, CassandraReverseAliasRepository.TABLES, CassandraTaskLedger.TABLES);

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
        private final ChangeFeed changeFeed;
        private final io.smtpy.core.cluster.JobLeases jobLeases;
        private final DomainRepository domains;
        private final AliasRepository aliases;
        private final DmarcReportRepository dmarcReports;
        private final DkimKeyRepository dkimKeys;
        private final AccessStores access;
        private final RuleRepository rules;
        private final ListRepository lists;
        private final QuarantineRepository quarantine;
        private final WebhookRepository webhooks;
        private final WebhookOutbox webhookOutbox;
        private final RollupRepository rollups;
        private final NotificationPreferenceRepository notificationPreferences;
        private final FailedCopyRepository failedCopies;
        private final SuppressionRepository suppressions;
        private final SmtpCredentialRepository smtpCredentials;
        private final LimitSettingsRepository limitSettings;
        private final io.smtpy.limits.LimitCounters limitCounters;
        private final DomainRelayRepository domainRelays;
        private final TrackingSettingsRepository trackingSettings;
        private final ReverseAliasRepository reverseAliases;
        private final io.smtpy.core.cluster.TaskLedger taskLedger;

        @Inject
        CassandraStorage(PropertiesProvider properties, Clock clock) throws ConfigurationException {
            CassandraSettings settings = settings(SmtpyConfiguration.rawProperties(properties));
            LOGGER.info("smtpy data in {}", settings);
            this.store = CassandraStore.open(settings);
            try {
                TABLES.forEach(store::migrate);
                CassandraAccessStores.TABLES.forEach(store::migrate);
                store.migrate(CassandraJobLeases.TABLES);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            this.changeFeed = new CassandraChangeFeed(store, clock);
            this.jobLeases = new CassandraJobLeases(store);
            this.domains = new CassandraDomainRepository(store);
            this.aliases = new CassandraAliasRepository(store);
            this.dmarcReports = new CassandraDmarcReportRepository(store);
            this.dkimKeys = new CassandraDkimKeyRepository(store);
            this.access = new CassandraAccessStores(store, clock);
            this.rules = new CassandraRuleRepository(store);
            this.lists = new CassandraListRepository(store);
            this.quarantine = new CassandraQuarantineRepository(store);
            this.webhooks = new CassandraWebhookRepository(store);
            this.webhookOutbox = new CassandraWebhookOutbox(store);
            this.rollups = new CassandraRollupRepository(store);
            this.notificationPreferences = new CassandraNotificationPreferenceRepository(store);
            this.failedCopies = new CassandraFailedCopyRepository(store);
            this.suppressions = new CassandraSuppressionRepository(store, clock);
            this.smtpCredentials = new CassandraSmtpCredentialRepository(store);
            this.limitSettings = new CassandraLimitSettingsRepository(store);
            this.limitCounters = new CassandraLimitCounters(store);
            this.domainRelays = new CassandraDomainRelayRepository(store);
            this.trackingSettings = new CassandraTrackingSettingsRepository(store);
            this.reverseAliases = new CassandraReverseAliasRepository(store);
            this.taskLedger = new CassandraTaskLedger(store);
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
        public io.smtpy.core.cluster.JobLeases jobLeases() {
            return jobLeases;
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
            throw new IllegalStateException("the cassandra storage does not keep events");
        }

        @Override
        public DmarcReportRepository dmarcReports() {
            return dmarcReports;
        }

        @Override
        public DkimKeyRepository dkimKeys() {
            return dkimKeys;
        }

        @Override
        public AccessStores access() {
            return access;
        }

        @Override
        public RuleRepository rules() {
            return rules;
        }

        @Override
        public ListRepository lists() {
            return lists;
        }

        @Override
        public QuarantineRepository quarantine() {
            return quarantine;
        }

        @Override
        public WebhookRepository webhooks() {
            return webhooks;
        }

        @Override
        public WebhookOutbox webhookOutbox() {
            return webhookOutbox;
        }

        @Override
        public RollupRepository rollups() {
            return rollups;
        }

        @Override
        public NotificationPreferenceRepository notificationPreferences() {
            return notificationPreferences;
        }

        @Override
        public FailedCopyRepository failedCopies() {
            return failedCopies;
        }

        @Override
        public SuppressionRepository suppressions() {
            return suppressions;
        }

        @Override
        public SmtpCredentialRepository smtpCredentials() {
            return smtpCredentials;
        }

        @Override
        public LimitSettingsRepository limitSettings() {
            return limitSettings;
        }

        @Override
        public io.smtpy.limits.LimitCounters limitCounters() {
            return limitCounters;
        }

        @Override
        public DomainRelayRepository domainRelays() {
            return domainRelays;
        }

        @Override
        public TrackingSettingsRepository trackingSettings() {
            return trackingSettings;
        }

        @Override
        public ReverseAliasRepository reverseAliases() {
            return reverseAliases;
        }

        @Override
        public io.smtpy.core.cluster.TaskLedger taskLedger() {
            return taskLedger;
        }

        @PreDestroy
        public void close() {
            store.close();
        }
    }
}
