package io.smtpy.guice;

import io.smtpy.analytics.RollupRepository;
import io.smtpy.bounces.copies.FailedCopyRepository;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.quarantine.QuarantineRepository;
import io.smtpy.sending.SmtpCredentialRepository;
import io.smtpy.sending.tracking.TrackingSettingsRepository;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.suppression.SuppressionRepository;
import io.smtpy.limits.LimitSettingsRepository;
import io.smtpy.sending.relay.DomainRelayRepository;
import io.smtpy.webhooks.WebhookOutbox;
import io.smtpy.webhooks.WebhookRepository;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.notifications.NotificationPreferenceRepository;

/**
 * One way of storing smtpy data. Each flavour module registers one under its name; {@code storage=} in
 * smtpy.properties picks the default one and {@code storage.<concern>=} one per concern ({@link StorageChoice}); only
 * the flavours named are built ({@link PerConcernStorage}).
 */
public interface StorageFlavour {
    /**
     * How nodes sharing this flavour's store tell each other what changed; a store only one node uses has nobody to
     * tell.
     */
    default io.smtpy.core.cluster.ChangeFeed changeFeed() {
        return io.smtpy.core.cluster.ChangeFeed.SINGLE_NODE;
    }

    /**
     * Which of the nodes sharing this flavour's store runs a background job on its data; on a store only one node
     * uses, that node ({@link io.smtpy.core.cluster.JobLeases#SINGLE_NODE}).
     */
    default io.smtpy.core.cluster.JobLeases jobLeases() {
        return io.smtpy.core.cluster.JobLeases.SINGLE_NODE;
    }

    /** Whether this flavour can keep {@code concern}; every concern unless it says otherwise. */
    default boolean keeps(StorageConcern concern) {
        return true;
    }

    DomainRepository domains();

    AliasRepository aliases();

    MailEventRepository events();

    DmarcReportRepository dmarcReports();

    DkimKeyRepository dkimKeys();

    /** Accounts, members, keys, sessions, invitations, domain ownership, the audit log. */
    AccessStores access();

    /** Owners' rule lists and their hit counters. */
    RuleRepository rules();

    /** Block and allow list entries at every scope. */
    ListRepository lists();

    /** Held and dropped mail, with their bytes. */
    QuarantineRepository quarantine();

    /** Webhook endpoints, their secrets sealed. */
    WebhookRepository webhooks();

    /** The durable outbox of webhook deliveries. */
    WebhookOutbox webhookOutbox();

    /** Hourly analytics roll-ups per domain and alias. */
    RollupRepository rollups();

    /** Members' own choices of notifications. */
    NotificationPreferenceRepository notificationPreferences();

    /** Forwarded copies that failed for good, kept for resending. */
    FailedCopyRepository failedCopies();

    /** Destinations of aliases that copies are kept away from for a while. */
    SuppressionRepository suppressions();

    /** The submission server's SMTP credentials. */
    SmtpCredentialRepository smtpCredentials();
    /** Limit sets per domain, alias and credential. */
    LimitSettingsRepository limitSettings();
    /** The counters behind the limits: the node's own, or shared by the nodes on this store. */
    io.smtpy.limits.LimitCounters limitCounters();

    /** Domains' outbound relays (smarthosts). */
    DomainRelayRepository domainRelays();
    /** The domains' open and click tracking settings. */
    TrackingSettingsRepository trackingSettings();
    /** Reverse aliases (replies through an alias) and the replyThroughAlias settings. */
    ReverseAliasRepository reverseAliases();

    /** Records of the tasks smtpy's routes started, for any node sharing this store to follow them. */
    io.smtpy.core.cluster.TaskLedger taskLedger();
}
