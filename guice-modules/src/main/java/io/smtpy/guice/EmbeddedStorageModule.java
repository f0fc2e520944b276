package io.smtpy.guice;

import io.smtpy.analytics.RollupRepository;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.access.store.AccessStores;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.store.embedded.EmbeddedStore;
import io.smtpy.notifications.NotificationPreferenceRepository;

/**
 * {@code storage=embedded} (the default): one SQLite file, by default {@code var/smtpy/smtpy.db} under James's
 * working directory ({@code storage.embedded.file} in smtpy.properties).
 */
public class EmbeddedStorageModule extends AbstractModule {
    public static final String NAME = "embedded";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, StorageFlavour.class).addBinding(NAME).to(EmbeddedStorage.class);
    }

    static final class EmbeddedStorage implements StorageFlavour {
        private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedStorage.class);

        private final EmbeddedStore store;
        /** A store of one node: the node's counters, in memory (a restart forgets them). */
        private final io.smtpy.limits.LimitCounters limitCounters = new io.smtpy.limits.MemoryLimitCounters();
        /**
         * In the heap, not the file: only this node runs and follows its tasks, in James's in-memory task manager,
         * which forgets them at a restart; a record kept on disk could only add "lost in a restart".
         */
        private final io.smtpy.core.cluster.TaskLedger taskLedger = new io.smtpy.core.cluster.MemoryTaskLedger(java.time.Clock.systemUTC());

        @Inject
        EmbeddedStorage(SmtpyConfiguration configuration, JamesDirectoriesProvider directories) {
            Path file = Paths.get(directories.getVarDirectory()).resolve(configuration.embeddedFile()).toAbsolutePath().normalize();
            LOGGER.info("smtpy data in {}", file);
            this.store = EmbeddedStore.open(file);
        }

        @Override
        public DomainRepository domains() {
            return store.domains();
        }

        @Override
        public AliasRepository aliases() {
            return store.aliases();
        }

        @Override
        public MailEventRepository events() {
            return store.events();
        }

        @Override
        public DmarcReportRepository dmarcReports() {
            return store.dmarcReports();
        }

        @Override
        public DkimKeyRepository dkimKeys() {
            return store.dkimKeys();
        }

        @Override
        public AccessStores access() {
            return store.access();
        }

        @Override
        public RuleRepository rules() {
            return store.rules();
        }

        @Override
        public ListRepository lists() {
            return store.lists();
        }

        @Override
        public QuarantineRepository quarantine() {
            return store.quarantine();
        }

        @Override
        public WebhookRepository webhooks() {
            return store.webhooks();
        }

        @Override
        public WebhookOutbox webhookOutbox() {
            return store.webhookOutbox();
        }

        @Override
        public RollupRepository rollups() {
            return store.rollups();
        }

        @Override
        public NotificationPreferenceRepository notificationPreferences() {
            return store.notificationPreferences();
        }

        @Override
        public FailedCopyRepository failedCopies() {
            return store.failedCopies();
    }

    @Override
        public SuppressionRepository suppressions() {
            return store.suppressions();
        }

        @Override
        public SmtpCredentialRepository smtpCredentials() {
            return store.smtpCredentials();
        }

        @Override
        public LimitSettingsRepository limitSettings() {
            return store.limitSettings();
        }

        @Override
        public io.smtpy.limits.LimitCounters limitCounters() {
            return limitCounters;
        }

        @Override
        public DomainRelayRepository domainRelays() {
            return store.domainRelays();
        }

        @Override
        public TrackingSettingsRepository trackingSettings() {
            return store.trackingSettings();
        }

        @Override
        public ReverseAliasRepository reverseAliases() {
            return store.reverseAliases();
        }

        @Override
        public io.smtpy.core.cluster.TaskLedger taskLedger() {
            return taskLedger;
        }

        /** Also writes the mail events still queued (see {@code EmbeddedStore.close()}). */
        @PreDestroy
        public void close() {
            store.close();
        }
    }
}
