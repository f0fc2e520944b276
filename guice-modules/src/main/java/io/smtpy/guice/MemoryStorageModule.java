package io.smtpy.guice;

import io.smtpy.analytics.MemoryRollupRepository;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.quarantine.MemoryQuarantineRepository;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.bounces.copies.MemoryFailedCopyRepository;
import io.smtpy.sending.MemorySmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.tracking.MemoryTrackingSettingsRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.reverse.MemoryReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.limits.MemoryLimitSettingsRepository;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.sending.relay.MemoryDomainRelayRepository;
import io.smtpy.webhooks.MemoryWebhookOutbox;
import io.smtpy.webhooks.MemoryWebhookRepository;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.memory.MemoryAccessStores;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dkim.MemoryDkimKeyRepository;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.MemoryDmarcReportRepository;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.notifications.MemoryNotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferenceRepository;

/** {@code storage=memory}: everything in the heap, gone at restart. For tests and trials. */
public class MemoryStorageModule extends AbstractModule {
    public static final String NAME = "memory";

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, StorageFlavour.class).addBinding(NAME).to(MemoryStorage.class);
    }

    static final class MemoryStorage implements StorageFlavour {
        private final DomainRepository domains = new MemoryDomainRepository();
        private final AliasRepository aliases = new MemoryAliasRepository();
        private final MailEventRepository events = new MemoryMailEventRepository();
        private final DmarcReportRepository dmarcReports = new MemoryDmarcReportRepository();
        private final DkimKeyRepository dkimKeys = new MemoryDkimKeyRepository();
        private final AccessStores access = new MemoryAccessStores();
        private final RuleRepository rules = new MemoryRuleRepository();
        private final ListRepository lists = new MemoryListRepository();
        private final QuarantineRepository quarantine = new MemoryQuarantineRepository();
        private final WebhookRepository webhooks = new MemoryWebhookRepository();
        private final WebhookOutbox webhookOutbox = new MemoryWebhookOutbox();
        private final RollupRepository rollups = new MemoryRollupRepository();
        private final NotificationPreferenceRepository notificationPreferences = new MemoryNotificationPreferenceRepository();
        private final FailedCopyRepository failedCopies = new MemoryFailedCopyRepository();
        private final SuppressionRepository suppressions = new MemorySuppressionRepository();
        private final SmtpCredentialRepository smtpCredentials = new MemorySmtpCredentialRepository();
        private final LimitSettingsRepository limitSettings = new MemoryLimitSettingsRepository();
        private final io.smtpy.limits.LimitCounters limitCounters = new io.smtpy.limits.MemoryLimitCounters();
        private final DomainRelayRepository domainRelays = new MemoryDomainRelayRepository();
        private final TrackingSettingsRepository trackingSettings = new MemoryTrackingSettingsRepository();
        private final ReverseAliasRepository reverseAliases = new MemoryReverseAliasRepository();
        private final io.smtpy.core.cluster.TaskLedger taskLedger = new io.smtpy.core.cluster.MemoryTaskLedger(java.time.Clock.systemUTC());

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
            return events;
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
    }
}
