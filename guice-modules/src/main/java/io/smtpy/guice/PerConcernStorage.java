package io.smtpy.guice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Provider;

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

/**
 * The storage the rest of smtpy sees: each concern answered by the flavour {@link StorageChoice} names for it. A
 * flavour is built the first time a concern of it is asked for, and once: a flavour no concern names is never built.
 * A concern whose flavour cannot keep it ({@link StorageFlavour#keeps}) is refused when first asked for, naming the
 * key that chose it; a concern left to the default flavour that it cannot keep goes to the embedded store.
 */
final class PerConcernStorage implements StorageFlavour {
    private final StorageChoice choice;
    private final Map<String, Provider<StorageFlavour>> flavours;
    private final Map<String, StorageFlavour> built = new ConcurrentHashMap<>();

    PerConcernStorage(StorageChoice choice, Map<String, Provider<StorageFlavour>> flavours) {
        for (String name : choice.flavours()) {
            if (!flavours.containsKey(name)) {
                throw new IllegalStateException("smtpy.properties: no storage flavour named '" + name + "'; known: "
                    + new java.util.TreeSet<>(flavours.keySet()));
            }
        }
        this.choice = choice;
        this.flavours = flavours;
    }

    /** The flavour that keeps {@code concern}, built on first use. */
    StorageFlavour flavour(StorageConcern concern) {
        String name = choice.flavour(concern);
        StorageFlavour flavour = built(name);
        if (flavour.keeps(concern)) {
            return flavour;
        }
        if (!choice.isDefault(concern)) {
            throw new IllegalStateException("smtpy.properties: " + concern.key() + "=" + name + ", but the " + name
                + " storage does not keep " + concern.name().toLowerCase(java.util.Locale.ROOT));
        }
        return built(EmbeddedStorageModule.NAME);
    }

    /** The feed of the flavour that keeps domains and aliases: what the nodes' alias indexes must follow. */
    @Override
    public io.smtpy.core.cluster.ChangeFeed changeFeed() {
        return flavour(StorageConcern.DOMAINS).changeFeed();
    }

    /**
     * The leases of the flavour that keeps domains and aliases: the cluster's. A job on another concern's data takes
     * the leases of that concern's flavour ({@link ClusterJobs}).
     */
    @Override
    public io.smtpy.core.cluster.JobLeases jobLeases() {
        return flavour(StorageConcern.DOMAINS).jobLeases();
    }

    private StorageFlavour built(String name) {
        return built.computeIfAbsent(name, key -> flavours.get(key).get());
    }

    @Override
    public DomainRepository domains() {
        return flavour(StorageConcern.DOMAINS).domains();
    }

    @Override
    public AliasRepository aliases() {
        return flavour(StorageConcern.DOMAINS).aliases();
    }

    @Override
    public MailEventRepository events() {
        return flavour(StorageConcern.EVENTS).events();
    }

    @Override
    public DmarcReportRepository dmarcReports() {
        return flavour(StorageConcern.DMARC).dmarcReports();
    }

    @Override
    public DkimKeyRepository dkimKeys() {
        return flavour(StorageConcern.DKIM).dkimKeys();
    }

    @Override
    public AccessStores access() {
        return flavour(StorageConcern.ACCESS).access();
    }

    @Override
    public RuleRepository rules() {
        return flavour(StorageConcern.RULES).rules();
    }

    @Override
    public ListRepository lists() {
        return flavour(StorageConcern.RULES).lists();
    }

    @Override
    public QuarantineRepository quarantine() {
        return flavour(StorageConcern.RULES).quarantine();
    }

    @Override
    public WebhookRepository webhooks() {
        return flavour(StorageConcern.WEBHOOKS).webhooks();
    }

    @Override
    public WebhookOutbox webhookOutbox() {
        return flavour(StorageConcern.WEBHOOKS).webhookOutbox();
    }

    @Override
    public RollupRepository rollups() {
        return flavour(StorageConcern.ANALYTICS).rollups();
    }

    @Override
    public NotificationPreferenceRepository notificationPreferences() {
        return flavour(StorageConcern.NOTIFICATIONS).notificationPreferences();
    }

    @Override
    public FailedCopyRepository failedCopies() {
        return flavour(StorageConcern.BOUNCES).failedCopies();
    }

    @Override
    public SuppressionRepository suppressions() {
        return flavour(StorageConcern.SUPPRESSION).suppressions();
    }

    @Override
    public SmtpCredentialRepository smtpCredentials() {
        return flavour(StorageConcern.SENDING).smtpCredentials();
    }

    @Override
    public LimitSettingsRepository limitSettings() {
        return flavour(StorageConcern.LIMITS).limitSettings();
    }

    @Override
    public io.smtpy.limits.LimitCounters limitCounters() {
        return flavour(StorageConcern.LIMITS).limitCounters();
    }

    @Override
    public DomainRelayRepository domainRelays() {
        return flavour(StorageConcern.SENDING).domainRelays();
    }

    @Override
    public TrackingSettingsRepository trackingSettings() {
        return flavour(StorageConcern.SENDING).trackingSettings();
    }

    @Override
    public ReverseAliasRepository reverseAliases() {
        return flavour(StorageConcern.SENDING).reverseAliases();
    }

    /** With the domains: a task is followed wherever its domain is served, and its domain decides who may follow it. */
    @Override
    public io.smtpy.core.cluster.TaskLedger taskLedger() {
        return flavour(StorageConcern.DOMAINS).taskLedger();
    }
}
