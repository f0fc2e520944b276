package io.smtpy.webadmin.routes;

import io.smtpy.sending.reverse.MemoryReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliases;
import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.json.DTOConverter;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.smtpy.analytics.Analytics;
import io.smtpy.analytics.MemoryRollupRepository;
import io.smtpy.analytics.Rollups;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.MemoryDmarcReportRepository;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.dns.FakeDnsLookup;
import io.smtpy.core.model.Cidr;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.bounces.copies.FailedCopies;
import io.smtpy.bounces.copies.MemoryFailedCopyRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.rules.MemoryRuleRepository;
import io.smtpy.rules.links.BlockLinks;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.MemoryListRepository;
import io.smtpy.rules.lists.SenderLists;
import io.smtpy.rules.quarantine.MemoryQuarantineRepository;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.rules.post.EndpointGuard;
import io.smtpy.webhooks.MemoryWebhookOutbox;
import io.smtpy.webhooks.MemoryWebhookRepository;
import io.smtpy.webhooks.RetrySchedule;
import io.smtpy.webhooks.WebhookDeliveries;
import io.smtpy.webhooks.WebhookSender;
import io.smtpy.webhooks.Webhooks;
import io.smtpy.rules.quarantine.Quarantine;
import io.smtpy.rules.quarantine.QuarantineSettings;
import io.smtpy.rules.quarantine.QuarantinedMail;
import io.smtpy.core.events.EventFeed;
import io.smtpy.protection.ConnectionGuard;
import io.smtpy.protection.ProtectionSettings;
import io.smtpy.scan.DaemonScanner;
import io.smtpy.scan.ScannerSettings;
import io.smtpy.rules.RuleBook;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.post.PostSigningKeys;
import io.smtpy.sending.MemorySmtpCredentialRepository;
import io.smtpy.sending.SmtpCredentials;
import io.smtpy.sending.relay.DomainRelays;
import io.smtpy.sending.relay.MemoryDomainRelayRepository;
import io.smtpy.sending.relay.RelayHostGuard;
import io.smtpy.sending.relay.RelayProbe;
import io.smtpy.sending.tracking.MemoryTrackingSettingsRepository;
import io.smtpy.sending.tracking.Tracking;
import io.smtpy.sending.tracking.TrackingEvents;
import io.smtpy.sending.tracking.TrackingTokens;
import io.smtpy.suppression.MemorySuppressionRepository;
import io.smtpy.limits.LimitAlerts;
import io.smtpy.limits.LimitCounters;
import io.smtpy.limits.MemoryLimitCounters;
import io.smtpy.limits.LimitPolicy;
import io.smtpy.limits.LimitSettings;
import io.smtpy.limits.MemoryLimitSettingsRepository;
import io.smtpy.suppression.SuppressionSettings;
import io.smtpy.suppression.Suppressions;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.tasks.AliasImportTaskDetailsDTO;
import io.smtpy.webadmin.tasks.DkimRotationTaskDetailsDTO;
import io.smtpy.notifications.MemoryNotificationPreferenceRepository;
import io.smtpy.notifications.NotificationPreferences;
import io.smtpy.notifications.UnsubscribeTokens;

/** A real WebAdmin server with the smtpy routes over memory storage, plus James's task routes. */
final class RoutesFixture implements AutoCloseable {
    /** A loopback port nothing listens on (port 9 is discard, which no test machine runs). */
    static final int CLOSED_PORT = 9;
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long IMPORT_MAX_BYTES = 16L * 1024 * 1024;

    final MovableClock clock = new MovableClock(NOW);
    /** The events {@code EventRoutes} lists; tests append to it as the mail path would. */
    final MemoryMailEventRepository events = new MemoryMailEventRepository();
    /** The reports {@code DmarcRoutes} shows; tests store into it as the intake mailet would. */
    final MemoryDmarcReportRepository dmarcReports = new MemoryDmarcReportRepository();
    /** 32 bytes: the installation secret rule posts' keys and one-click links derive from. */
    static final byte[] INSTALLATION_SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    final AliasDirectory directory;
    /** The roll-ups {@code AnalyticsRoutes} reports; tests feed it events as {@code MailEvents} would. */
    final Rollups rollups = new Rollups(new MemoryRollupRepository());
    final RuleBook rules;
    final PostSigningKeys signingKeys = new PostSigningKeys(INSTALLATION_SECRET);
    final SenderLists lists;
    /** What released mail was handed back to the mail path, in order. */
    final List<QuarantinedMail> reinjected = new CopyOnWriteArrayList<>();
    final Quarantine quarantine;
    final BlockLinks links;
    final DkimFixture dkim;
    /** The MX's connection protection {@code ProtectionRoutes} shows; tests count unknown recipients into it. */
    final ConnectionGuard protection;
    /** The operator's source-address pools {@code SourcePoolRoutes} shows (TEST-NET addresses: only read, never bound). */
    static final io.smtpy.sending.pools.SourcePools POOLS = io.smtpy.sending.pools.SourcePools.parse(java.util.Map.of(
        "pools.premium.addresses", "192.0.2.10", "pools.premium.domains", "vip.example", "pools.premium.classes", "high",
        "pools.shared.addresses", "192.0.2.20, 192.0.2.21", "pools.default", "shared"));

    /** The scanners {@code ScannerRoutes} shows: spamd at {@link #CLOSED_PORT} (nothing listens there), no clamd. */
    final ScannerSettings scannerSettings;
    final DaemonScanner scanner;
    /** The live events {@code EventStreamRoutes} streams; tests hand it events. */
    final EventFeed feed = new EventFeed();
    final MemoryTaskManager taskManager;
    /** Webhooks with a sender that may reach the loopback (a test's receiver), no other private address. */
    final MemoryWebhookRepository webhookEndpoints = new MemoryWebhookRepository();
    /** Failed copies kept for resending; a resend is recorded in {@link #resent} ("to copy-id"), not sent. */
    final MemoryFailedCopyRepository failedCopyStore = new MemoryFailedCopyRepository();
    final List<String> resent = new java.util.concurrent.CopyOnWriteArrayList<>();
    final FailedCopies failedCopies;
    final MemoryWebhookOutbox webhookOutbox = new MemoryWebhookOutbox();
    final WebhookDeliveries webhookDeliveries;
    final Webhooks webhooks;
    /** The members' notification choices {@code NotificationRoutes} shows and changes. */
    final NotificationPreferences notificationPreferences;
    final UnsubscribeTokens unsubscribeTokens = new UnsubscribeTokens(INSTALLATION_SECRET);
    /** The suppressions {@code SuppressionRoutes} lists and changes; their events go to {@link #events}. */
    final MemorySuppressionRepository suppressionStore = new MemorySuppressionRepository();
    final Suppressions suppressions;
    /** The SMTP credentials {@code SmtpCredentialRoutes} manages, in memory: tests read the stored hashes from it. */
    final MemorySmtpCredentialRepository smtpCredentialStore = new MemorySmtpCredentialRepository();
    final SmtpCredentials smtpCredentials = new SmtpCredentials(smtpCredentialStore, clock);
    /** The limits {@code LimitRoutes} shows and changes; the policy counts into {@link #limitCounters}, its events go to {@link #events}. */
    final LimitSettings limitSettings = new LimitSettings(new MemoryLimitSettingsRepository());
    final LimitCounters limitCounters = new MemoryLimitCounters();
    final LimitPolicy limitPolicy;
    /** Domains' relays {@code RelayRoutes} manages: tests read the sealed passwords from the store. The guard refuses
     * link-local hosts (169.254.x.x) and lets loopback through, for a test relay. */
    final MemoryDomainRelayRepository relayStore = new MemoryDomainRelayRepository();
    final DomainRelays relays;
    /** Tracking with links under https://t.example; its events go to {@link #events}. */
    final Tracking tracking = new Tracking(new MemoryTrackingSettingsRepository(), new TrackingTokens(INSTALLATION_SECRET),
        Optional.of("https://t.example"));
    /** The reverse aliases and reply settings {@code ReverseAliasRoutes} lists and changes, in memory. */
    final ReverseAliases reverseAliases = new ReverseAliases(new MemoryReverseAliasRepository(), clock);
    /** The queue {@code QueueRoutes} shows and acts on; {@code high.example} is in the high class. */
    final io.smtpy.sending.queue.MemoryOwnerQueue ownerQueue = new io.smtpy.sending.queue.MemoryOwnerQueue(clock);
    final WebAdminServer server;
    final TestAccess access;

    RoutesFixture(Limits limits) {
        MemoryDomainRepository domains = new MemoryDomainRepository();
        directory = new AliasDirectory(domains, new MemoryAliasRepository(), clock, limits);
        dkim = new DkimFixture(domains, clock);
        rules = new RuleBook(new MemoryRuleRepository(), clock, RuleLimits.DEFAULT);
        lists = new SenderLists(new MemoryListRepository(), clock, ListLimits.defaults());
        quarantine = new Quarantine(new MemoryQuarantineRepository(), (sender, recipients, message, from) -> reinjected.add(from),
            new MailEvents(events), clock, QuarantineSettings.defaults());
        links = new BlockLinks(INSTALLATION_SECRET, clock);
        protection = ConnectionGuard.of(ProtectionSettings.builder().dnsblZones(List.of("bl.example"))
            .trustedNetworks(List.of(Cidr.parse("198.51.100.0/24", "trustedNetworks"))).slowAfter(2).refuseAfter(3).build(),
            new FakeDnsLookup(), clock);
        scannerSettings = ScannerSettings.parse(Map.of("spamd.address", "127.0.0.1:" + CLOSED_PORT, "spamd.onFailure", "pass",
            "spamd.timeoutSeconds", "2", "outbound.spam.threshold", "4.5"));
        scanner = new DaemonScanner(scannerSettings);
        taskManager = new MemoryTaskManager(new Hostname("test"));
        JsonTransformer json = new JsonTransformer();
        access = new TestAccess(directory, clock, new org.apache.james.webadmin.authentication.NoAuthenticationFilter(), taskManager);
        SmtpyGuard guard = access.guard;
        notificationPreferences = new NotificationPreferences(new MemoryNotificationPreferenceRepository(), access.stores);
        WebhookSender webhookSender = new WebhookSender(EndpointGuard.allowing(List.of("127.0.0.0/8")));
        SecretSeal webhookSeal = new CipherSecretSeal(new PrivateKeyCipher(INSTALLATION_SECRET));
        webhookDeliveries = new WebhookDeliveries(webhookEndpoints, webhookOutbox, webhookSender, webhookSeal,
            (endpoint, reason) -> { }, clock, RetrySchedule.DEFAULT, 5);
        failedCopies = new FailedCopies(failedCopyStore, (copy, to) -> {
            resent.add(to.asString() + " " + copy.journeyId());
            return "resent-" + resent.size();
        }, new MailEvents(events), clock, FailedCopies.DEFAULT_MAX_SIZE_BYTES, FailedCopies.DEFAULT_RETENTION);
        webhooks = new Webhooks(webhookEndpoints, webhookOutbox, webhookDeliveries, webhookSender, webhookSeal, clock);
        suppressions = new Suppressions(suppressionStore, new MailEvents(events), clock, SuppressionSettings.DEFAULT);
        relays = new DomainRelays(relayStore, webhookSeal, new RelayProbe(host -> {
            if (host.startsWith("169.254.")) {
                throw new RelayHostGuard.RefusedRelayException(host + " is a link-local address");
            }
        }, (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault(), "mx.smtpy.test", java.time.Duration.ofSeconds(5)), clock);
        limitPolicy = new LimitPolicy(limitSettings, limitCounters, new MailEvents(events), LimitAlerts.NONE, clock);
        server = WebAdminUtils.createWebAdminServer(
            new DomainRoutes(directory, new AliasResolver(directory), dkim.run, json, guard, access.access),
            new AliasRoutes(directory, taskManager, json, IMPORT_MAX_BYTES, guard),
            new EventRoutes(directory, events, json, guard),
            new EventStreamRoutes(directory, feed, json, guard),
            new AnalyticsRoutes(directory, new Analytics(rollups), clock, json, guard),
            new MessageRoutes(directory, events, failedCopies, json, guard),
            new DmarcRoutes(directory, dmarcReports, clock, json, guard),
            new DkimRoutes(directory, dkim.rotation, dkim.run, taskManager, clock, json, guard),
            new AccountRoutes(access.access, access.audit, guard, json),
            new SessionRoutes(access.access, guard, json),
            new TaskRoutes(taskManager, access.tasks, guard, json),
            new RuleRoutes(directory, rules, RuleLimits.DEFAULT, signingKeys, guard, json),
            new ListRoutes(directory, lists, guard, json),
            new QuarantineRoutes(directory, quarantine, lists, guard, json),
            new WebhookRoutes(directory, webhooks, guard, json),
            new SuppressionRoutes(directory, suppressions, guard, json),
            new SmtpCredentialRoutes(directory, smtpCredentials, limitSettings, guard, json),
            new LimitRoutes(directory, limitSettings, limitPolicy, smtpCredentials, guard, json),
            new RelayRoutes(directory, relays, guard, json),
            new ReverseAliasRoutes(directory, reverseAliases, guard, json),
            new QueueRoutes(directory, ownerQueue, io.smtpy.sending.queue.DomainPriorities.parse("high.example"), guard, json),
            new LinkRoutes(links, lists, directory, access.access, guard),
            new TrackingRoutes(directory, tracking, new TrackingEvents(new MailEvents(events), events, clock), guard, json),
            new NotificationRoutes(notificationPreferences, unsubscribeTokens, access.stores, guard, json),
            new ProtectionRoutes(protection, guard, json),
            new ScannerRoutes(scanner, scannerSettings, json, guard),
            new SourcePoolRoutes(POOLS, json, guard),
            new OpenApiRoutes(access.registry, guard, json),
            new PanelRoutes(PanelSettings.DEFAULT, PanelFiles.shipped(), guard),
            new TasksRoutes(taskManager, json, DTOConverter.of(AliasImportTaskDetailsDTO.module(),
                DkimRotationTaskDetailsDTO.module())))
            .start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(server)
            .addHeader("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).build();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    RequestSpecification json() {
        return given();
    }

    /** A fixture that RestAssured's default request speaks to (JSON, on its port); {@link #close()} forgets that again. */
    static RoutesFixture served() {
        RoutesFixture fixture = new RoutesFixture(Limits.DEFAULT);
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue())
            .setContentType(ContentType.JSON).build();
        return fixture;
    }

    @Override
    public void close() {
        RestAssured.reset();
        server.destroy();
        scanner.close();
        access.tasks.close();
        taskManager.stop();
    }
}
