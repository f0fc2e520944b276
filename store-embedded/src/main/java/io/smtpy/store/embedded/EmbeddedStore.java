package io.smtpy.store.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.smtpy.access.store.AccessStores;
import io.smtpy.analytics.RollupRepository;
import io.smtpy.notifications.NotificationPreferenceRepository;
import io.smtpy.core.dkim.DkimKeyRepository;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
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

/**
 * smtpy's durable single-machine storage: one SQLite database file (WAL mode, {@code synchronous=FULL}) behind
 * the core storage ports. Opening brings the file's schema up to date; a file written by a newer smtpy is
 * refused. Thread-safe: writes are serialised on one connection, reads run on a small pool of read-only ones.
 * Mail events are written in batches by a background thread ({@link #events()}).
 *
 * <pre>{@code
 * try (EmbeddedStore store = EmbeddedStore.open(Path.of("var/smtpy/smtpy.db"))) {
 *     store.domains().create(domain);
 *     store.aliases().saveAll(imported);
 * }
 * }</pre>
 */
public final class EmbeddedStore implements AutoCloseable {
    private final SqliteConnections connections;
    private final DomainRepository domains;
    private final AliasRepository aliases;
    private final EmbeddedMailEventRepository events;
    private final DmarcReportRepository dmarcReports;
    private final DkimKeyRepository dkimKeys;
    private final AccessStores access;
    private final RuleRepository rules;
    private final ListRepository lists;
    private final QuarantineRepository quarantine;
    private final WebhookRepository webhooks;
    private final WebhookOutbox webhookOutbox;
    private final FailedCopyRepository failedCopies;
    private final RollupRepository rollups;
    private final NotificationPreferenceRepository notificationPreferences;
    private final SuppressionRepository suppressions;
    private final SmtpCredentialRepository smtpCredentials;
    private final LimitSettingsRepository limitSettings;
    private final DomainRelayRepository domainRelays;
    private final TrackingSettingsRepository trackingSettings;
    private final ReverseAliasRepository reverseAliases;

    private EmbeddedStore(SqliteConnections connections) {
        this.connections = connections;
        this.domains = new EmbeddedDomainRepository(connections);
        this.aliases = new EmbeddedAliasRepository(connections);
        this.events = new EmbeddedMailEventRepository(connections);
        this.dmarcReports = new EmbeddedDmarcReportRepository(connections);
        this.dkimKeys = new EmbeddedDkimKeyRepository(connections);
        this.access = new EmbeddedAccessStores(connections);
        this.rules = new EmbeddedRuleRepository(connections);
        this.lists = new EmbeddedListRepository(connections);
        this.quarantine = new EmbeddedQuarantineRepository(connections);
        this.webhooks = new EmbeddedWebhookRepository(connections);
        this.webhookOutbox = new EmbeddedWebhookOutbox(connections);
        this.rollups = new EmbeddedRollupRepository(connections);
        this.notificationPreferences = new EmbeddedNotificationPreferenceRepository(connections);
        this.failedCopies = new EmbeddedFailedCopyRepository(connections);
        this.suppressions = new EmbeddedSuppressionRepository(connections);
        this.smtpCredentials = new EmbeddedSmtpCredentialRepository(connections);
        this.limitSettings = new EmbeddedLimitSettingsRepository(connections);
        this.domainRelays = new EmbeddedDomainRelayRepository(connections);
        this.trackingSettings = new EmbeddedTrackingSettingsRepository(connections);
        this.reverseAliases = new EmbeddedReverseAliasRepository(connections);
    }

    /**
     * Opens (creating it and its parent directories if needed) the database file and migrates its schema.
     *
     * @throws EmbeddedStoreException when the file cannot be opened, is from a newer smtpy, or cannot be migrated
     */
    public static EmbeddedStore open(Path file) {
        return open(file, SchemaMigrations.SMTPY);
    }

    static EmbeddedStore open(Path file, SchemaMigrations migrations) {
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new EmbeddedStoreException("cannot create the directory of the smtpy database " + absolute + ": " + e.getMessage(), e);
        }
        SqliteConnections connections = SqliteConnections.openWriter(absolute);
        try {
            connections.migrate(migrations);
            connections.openReaders();
        } catch (RuntimeException e) {
            try {
                connections.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new EmbeddedStore(connections);
    }

    public DomainRepository domains() {
        return domains;
    }

    public AliasRepository aliases() {
        return aliases;
    }

    /** DKIM keys with their private keys sealed; the master key that opens them is not stored here. */
    public DkimKeyRepository dkimKeys() {
        return dkimKeys;
    }

    /** Appends are queued and written in batches by one background thread; {@code list} sees every earlier append. */
    public MailEventRepository events() {
        return events;
    }

    /** DMARC aggregate reports received for smtpy's domains. */
    public DmarcReportRepository dmarcReports() {
        return dmarcReports;
    }

    /** Accounts, members, keys, sessions, invitations, domain owners, the audit log and failed attempts. */
    public AccessStores access() {
        return access;
    }

    /** Owners' rule lists, per domain and per alias, and their hit counters. */
    public RuleRepository rules() {
        return rules;
    }

    /** Block and allow list entries of every scope. */
    public ListRepository lists() {
        return lists;
    }

    /** Webhook endpoints, their secrets sealed. */
    public WebhookRepository webhooks() {
        return webhooks;
    }

    /** Forwarded copies that failed for good, kept for resending. */
    public FailedCopyRepository failedCopies() {
        return failedCopies;
    }

    /** The durable outbox of webhook deliveries and their attempt log. */
    public WebhookOutbox webhookOutbox() {
        return webhookOutbox;
    }

    /** Hourly analytics roll-ups per domain and alias. */
    public RollupRepository rollups() {
        return rollups;
    }

    /** Members' choices of notifications. */
    public NotificationPreferenceRepository notificationPreferences() {
        return notificationPreferences;
    }

    /** Destinations of aliases that copies are kept away from for a while. */
    public SuppressionRepository suppressions() {
        return suppressions;
    }

    /** The submission server's SMTP credentials, their secrets as SHA-256 hashes. */
    public SmtpCredentialRepository smtpCredentials() {
        return smtpCredentials;
    }

    /** Limit sets per domain, alias and credential (port of {@code smtpy-limits}). */
    public LimitSettingsRepository limitSettings() {
        return limitSettings;
    }

    public DomainRelayRepository domainRelays() {
        return domainRelays;
    }

    /** The domains' open and click tracking settings (port of {@code smtpy-sending}). */
    public TrackingSettingsRepository trackingSettings() {
        return trackingSettings;
    }

    /** Reverse aliases and the replyThroughAlias settings (port of {@code smtpy-sending}). */
    public ReverseAliasRepository reverseAliases() {
        return reverseAliases;
    }

    /** Quarantined and dropped mail: metadata and bytes. */
    public QuarantineRepository quarantine() {
        return quarantine;
    }

    SqliteConnections connections() {
        return connections;
    }

    public Path file() {
        return connections.file();
    }

    /**
     * Writes the mail events still queued and stops their writer, waits for reads under way, then closes the file;
     * every later call fails with {@link EmbeddedStoreException}.
     */
    @Override
    public void close() {
        try {
            events.close();
        } finally {
            connections.close();
        }
    }
}
