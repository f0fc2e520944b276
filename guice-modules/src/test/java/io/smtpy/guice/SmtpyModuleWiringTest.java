package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.task.TaskManager;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.smtpy.access.Account;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.auth.inbound.CheckTimeBudget;
import io.smtpy.core.cluster.SharedIndex;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.mailpath.MessagePolicy;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.mailets.SmtpyForward;
import io.smtpy.matchers.IsSmtpyRecipient;
import io.smtpy.smtp.InboundChecks;
import io.smtpy.smtp.SmtpyRcptHook;

/**
 * Builds {@link SmtpyModule} the way James's extension injector does, beside the James bindings it expects (Clock,
 * directories over a temporary working directory, PropertiesProvider reading its {@code conf/}, a MailetContext and a
 * TaskManager that nothing may call while the injector is built), and checks it binds what guice-modules' README says.
 */
class SmtpyModuleWiringTest {
    /** No task is submitted and no mail is sent while the wiring is built: the DKIM schedule is off in these tests. */
    private static final TaskManager UNUSED_TASK_MANAGER = unused(TaskManager.class);
    private static final MailetContext UNUSED_MAILET_CONTEXT = unused(MailetContext.class);

    @TempDir
    Path working;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            log.add(event.getFormattedMessage());
        }
    };

    @BeforeEach
    void captureTheLog() {
        assumeThat(System.getenv(AccessModule.OPERATOR_KEY_VARIABLE))
            .as("these tests check the generated operator key file").isNull();
        capture.start();
        root().addAppender(capture);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(capture);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(SmtpyModuleWiringTest.class.getClassLoader(), new Class<?>[] {type},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "toString":
                        return "unused " + type.getSimpleName();
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == arguments[0];
                    default:
                        throw new AssertionError(type.getSimpleName() + "." + method.getName() + " called while building the wiring");
                }
            }));
    }

    private Injector injector(String smtpyProperties) throws Exception {
        return injector(working, smtpyProperties);
    }

    /** smtpy's wiring as James would build it in {@code working}, with {@code smtpyProperties} as its smtpy.properties. */
    static Injector injector(Path working, String smtpyProperties) throws Exception {
        Files.createDirectories(working.resolve("conf"));
        Files.writeString(working.resolve("conf/smtpy.properties"), smtpyProperties, StandardCharsets.UTF_8);
        Configuration configuration = Configuration.builder()
            .workingDirectory(working.toFile())
            .configurationPath(new ConfigurationPath("file://conf/"))
            .build();
        JamesDirectoriesProvider directories = configuration.directories();
        PropertiesProvider properties = new PropertiesProvider(new FileSystemImpl(directories), configuration.configurationPath());
        return Guice.createInjector(new SmtpyModule(), binder -> {
            binder.bind(Clock.class).toInstance(Clock.systemUTC());
            binder.bind(JamesDirectoriesProvider.class).toInstance(directories);
            binder.bind(PropertiesProvider.class).toInstance(properties);
            binder.bind(MailetContext.class).toInstance(UNUSED_MAILET_CONTEXT);
            binder.bind(TaskManager.class).toInstance(UNUSED_TASK_MANAGER);
        });
    }

    private Injector memoryInjector() throws Exception {
        return injector("storage=memory\ndkim.rotationCheckMinutes=0\nauth.servId=mx.smtpy.example\n");
    }

    private Path var(String file) {
        return working.resolve("var").resolve(file);
    }

    @Test
    void memoryStorageShouldProvideEveryPortFromTheMemoryFlavour() throws Exception {
        Injector injector = memoryInjector();

        StorageFlavour storage = injector.getInstance(StorageFlavour.class);
        for (StorageConcern concern : StorageConcern.values()) {
            assertThat(((PerConcernStorage) storage).flavour(concern)).isInstanceOf(MemoryStorageModule.MemoryStorage.class);
        }
        assertThat(injector.getInstance(DomainRepository.class)).isInstanceOf(MemoryDomainRepository.class).isSameAs(storage.domains());
        assertThat(injector.getInstance(AliasRepository.class)).isInstanceOf(MemoryAliasRepository.class).isSameAs(storage.aliases());
        assertThat(injector.getInstance(MailEventRepository.class)).isInstanceOf(MemoryMailEventRepository.class)
            .isSameAs(storage.events());
        assertThat(injector.getInstance(AccessStores.class)).isInstanceOf(MemoryAccessStores.class).isSameAs(storage.access());
        assertThat(injector.getInstance(io.smtpy.rules.RuleRepository.class)).isSameAs(storage.rules());
        assertThat(injector.getInstance(io.smtpy.rules.lists.ListRepository.class)).isSameAs(storage.lists());
        assertThat(injector.getInstance(io.smtpy.rules.quarantine.QuarantineRepository.class)).isSameAs(storage.quarantine());
    }

    @Test
    void theAliasIndexShouldHoldEveryAliasUnlessABudgetIsSet() throws Exception {
        assertThat(memoryInjector().getInstance(io.smtpy.core.directory.AliasDirectory.class).budget().bounded()).isFalse();

        io.smtpy.core.directory.AliasDirectory bounded = injector(
            "storage=memory\ndkim.rotationCheckMinutes=0\ndirectory.maxResidentAliases=2000000\n")
            .getInstance(io.smtpy.core.directory.AliasDirectory.class);
        assertThat(bounded.budget().maxResidentAliases()).isEqualTo(2_000_000L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\ndirectory.maxResidentAliases=0\n")
                .getInstance(io.smtpy.core.directory.AliasDirectory.class))
            .hasMessageContaining("directory.maxResidentAliases");
    }

    @Test
    void thePanelShouldBeOnAndAwayFromTheRootUnlessTheOperatorSaysOtherwise() throws Exception {
        io.smtpy.webadmin.routes.PanelSettings defaults = memoryInjector().getInstance(io.smtpy.webadmin.routes.PanelSettings.class);
        io.smtpy.webadmin.routes.PanelSettings atRoot = injector("storage=memory\ndkim.rotationCheckMinutes=0\npanel.atRoot=true\n")
            .getInstance(io.smtpy.webadmin.routes.PanelSettings.class);
        io.smtpy.webadmin.routes.PanelSettings off = injector("storage=memory\ndkim.rotationCheckMinutes=0\npanel.enabled=false\npanel.atRoot=true\n")
            .getInstance(io.smtpy.webadmin.routes.PanelSettings.class);

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.atRoot()).isFalse();
        assertThat(atRoot.atRoot()).isTrue();
        assertThat(off.enabled()).isFalse();
        assertThat(off.atRoot()).isFalse();
        assertThat(memoryInjector().getInstance(io.smtpy.webadmin.routes.PanelFiles.class).file("index.html")).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector("storage=memory\ndkim.rotationCheckMinutes=0\npanel.atRoot=maybe\n")
                .getInstance(io.smtpy.webadmin.routes.PanelSettings.class))
            .hasMessageContaining("panel.atRoot");
    }

    @Test
    void theOwnersDecisionsShouldBeSingletonsWiredToTheMailPath() throws Exception {
        Injector injector = memoryInjector();

        for (Class<?> service : List.of(io.smtpy.rules.RuleBook.class, io.smtpy.rules.lists.SenderLists.class,
                io.smtpy.rules.quarantine.Quarantine.class, io.smtpy.rules.mailpath.OwnerDecisions.class,
                io.smtpy.rules.post.RulePoster.class, io.smtpy.core.mailpath.FallbackPolicy.class)) {
            assertThat(injector.getInstance(service)).as(service.getSimpleName()).isSameAs(injector.getInstance(service));
        }
        assertThat(injector.getInstance(io.smtpy.rules.quarantine.MailReinjection.class))
            .isInstanceOf(io.smtpy.mailets.SpoolReinjection.class);
        assertThat(injector.getInstance(io.smtpy.smtp.SmtpyBlockListHook.class)).isNotNull();
        assertThat(injector.getInstance(io.smtpy.mailets.SmtpyFallback.class)).isNotNull();
        assertThat(injector.getInstance(io.smtpy.rules.mailpath.BlockLinkIssuer.class).issuing()).isFalse();
        assertThat(var(RulesModule.SECRET_FILE)).exists();
    }

    @Test
    void theLimitsShouldBeOneNodeWideSetOfCountersAndStoredInTheFlavour() throws Exception {
        Injector injector = memoryInjector();

        for (Class<?> service : List.of(io.smtpy.limits.LimitCounters.class, io.smtpy.limits.LimitPolicy.class,
                io.smtpy.limits.LimitSettings.class)) {
            assertThat(injector.getInstance(service)).as(service.getSimpleName()).isSameAs(injector.getInstance(service));
        }
        assertThat(injector.getInstance(io.smtpy.limits.LimitSettingsRepository.class))
            .isInstanceOf(io.smtpy.limits.MemoryLimitSettingsRepository.class);
        // The flavour's counters (a store of one node: the node's, in memory), the ones the policy counts in.
        assertThat(injector.getInstance(io.smtpy.limits.LimitCounters.class))
            .isInstanceOf(io.smtpy.limits.MemoryLimitCounters.class)
            .isSameAs(injector.getInstance(StorageFlavour.class).limitCounters());
    }

    @Test
    void everyIndexKeptInMemoryShouldFollowTheClusterAsTheInstanceTheMailPathReads() throws Exception {
        Injector injector = memoryInjector();

        Set<SharedIndex<?>> indexes = injector.getInstance(Key.get(new TypeLiteral<Set<SharedIndex<?>>>() { }));

        assertThat(indexes).extracting(index -> index.topic().name()).containsExactlyInAnyOrder("domain", "rules", "lists",
            "reply-settings", "tracking", "webhooks", "domain-owners", "limits", "relays", "dkim",
            "suppressions", "reverse-aliases");
        assertThat(indexes).contains(injector.getInstance(io.smtpy.rules.RuleBook.class),
            injector.getInstance(io.smtpy.rules.lists.SenderLists.class),
            injector.getInstance(io.smtpy.sending.reverse.ReverseAliases.class).sharedIndex(),
            injector.getInstance(io.smtpy.sending.reverse.ReverseAliases.class).issuedIndex(),
            injector.getInstance(io.smtpy.sending.tracking.Tracking.class).sharedIndex(),
            injector.getInstance(io.smtpy.webhooks.CachingWebhookRepository.class).sharedIndex(),
            injector.getInstance(io.smtpy.webhooks.WebhookDispatcher.class).sharedIndex(),
            injector.getInstance(io.smtpy.limits.LimitSettings.class).sharedIndex(),
            injector.getInstance(io.smtpy.sending.relay.DomainRelays.class).sharedIndex(),
            injector.getInstance(io.smtpy.core.dkim.DkimKeyRotation.class).sharedIndex());
        assertThat(injector.getInstance(io.smtpy.webhooks.WebhookRepository.class))
            .isSameAs(injector.getInstance(io.smtpy.webhooks.CachingWebhookRepository.class));
    }

    @Test
    void webhooksShouldBeToldOfEveryEventAndStoredInTheFlavour() throws Exception {
        Injector injector = memoryInjector();

        StorageFlavour storage = injector.getInstance(StorageFlavour.class);
        // One cache in front of the flavour's store, shared by everything that changes endpoints.
        assertThat(injector.getInstance(io.smtpy.webhooks.WebhookRepository.class))
            .isInstanceOf(io.smtpy.webhooks.CachingWebhookRepository.class)
            .isSameAs(injector.getInstance(io.smtpy.webhooks.WebhookRepository.class));
        io.smtpy.webhooks.WebhookEndpoint stored = io.smtpy.webhooks.WebhookEndpoint.create(io.smtpy.webhooks.WebhookId.random(),
            io.smtpy.webhooks.WebhookScope.domain(io.smtpy.core.model.DomainName.of("wired.example")),
            java.net.URI.create("https://hooks.example/in"), java.util.Set.of(), "sealed", java.time.Instant.EPOCH);
        injector.getInstance(io.smtpy.webhooks.WebhookRepository.class).create(stored);
        assertThat(storage.webhooks().list(stored.scope())).containsExactly(stored);
        assertThat(injector.getInstance(io.smtpy.webhooks.WebhookOutbox.class)).isSameAs(storage.webhookOutbox());
        assertThat(injector.getInstance(com.google.inject.Key.get(new com.google.inject.TypeLiteral<java.util.Set<io.smtpy.core.events.MailEventListener>>() { })))
            .contains(injector.getInstance(io.smtpy.webhooks.WebhookDispatcher.class));
        assertThat(injector.getInstance(io.smtpy.webhooks.Webhooks.class)).isSameAs(injector.getInstance(io.smtpy.webhooks.Webhooks.class));
        injector.getInstance(io.smtpy.webhooks.WebhookDeliveries.class).close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nwebhooks.allowedNetworks=127.0.0.0/33\n")
                .getInstance(io.smtpy.webhooks.WebhookSender.class))
            .hasMessageContaining("webhooks.allowedNetworks");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nwebhooks.disableAfterFailures=0\n")
                .getInstance(io.smtpy.webhooks.WebhookDeliveries.class))
            .hasMessageContaining("webhooks.disableAfterFailures");
    }

    @Test
    void failedCopiesShouldBeKeptInTheFlavourResentThroughTheSpoolAndBadSettingsRefused() throws Exception {
        Injector injector = memoryInjector();
        StorageFlavour storage = injector.getInstance(StorageFlavour.class);
        io.smtpy.bounces.copies.FailedCopies copies = injector.getInstance(io.smtpy.bounces.copies.FailedCopies.class);

        copies.keep(io.smtpy.core.model.DomainName.of("wired.example"), "journey-1", java.util.Optional.empty(),
            java.util.Optional.empty(), "", java.util.List.of("gone@dest.example"), 3, () -> new byte[] {1, 2, 3});

        assertThat(storage.failedCopies().find(io.smtpy.core.model.DomainName.of("wired.example"), "journey-1")).isPresent();
        assertThat(injector.getInstance(io.smtpy.bounces.copies.CopyResender.class)).isInstanceOf(io.smtpy.mailets.SpoolResend.class);
        assertThat(copies).isSameAs(injector.getInstance(io.smtpy.bounces.copies.FailedCopies.class));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nfailedCopies.retentionDays=0\n")
                .getInstance(io.smtpy.bounces.copies.FailedCopies.class))
            .hasMessageContaining("failedCopies.retentionDays");
    }

    @Test
    void blockLinksShouldBeIssuedWhenThePublicUrlIsSetAndBadSettingsRefused() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nrules.publicUrl=https://mx.example.com/\n");
        assertThat(injector.getInstance(io.smtpy.rules.mailpath.BlockLinkIssuer.class).issuing()).isTrue();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nrules.postAllowedNetworks=not-a-network\n")
                .getInstance(io.smtpy.rules.post.EndpointGuard.class))
            .hasMessageContaining("rules.postAllowedNetworks");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nquarantine.retentionDays=0\n")
                .getInstance(io.smtpy.rules.quarantine.QuarantineSettings.class))
            .hasMessageContaining("quarantine.retentionDays");
    }

    @Test
    void connectionProtectionShouldBeOneGuardSharedByItsHooksAndReadFromTheProperties() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nprotection.dnsbl.zones=zen.example, bl.example\n"
            + "protection.trustedNetworks=192.0.2.0/24\nprotection.probes.slowAfter=5\nprotection.probes.refuseAfter=8\n"
            + "protection.probes.windowMinutes=3\nprotection.probes.refuseMinutes=7\nprotection.probes.delayStepMillis=20\n"
            + "protection.probes.maxDelayMillis=40\n");

        io.smtpy.protection.ProtectionSettings settings = injector.getInstance(io.smtpy.protection.ConnectionGuard.class).settings();
        assertThat(settings.dnsblZones()).containsExactly("zen.example", "bl.example");
        assertThat(settings.trustedNetworks()).extracting(Object::toString).containsExactly("192.0.2.0/24");
        assertThat(settings.slowAfter()).isEqualTo(5);
        assertThat(settings.refuseAfter()).isEqualTo(8);
        assertThat(settings.window()).isEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(settings.refuseFor()).isEqualTo(java.time.Duration.ofMinutes(7));
        assertThat(settings.delayStep()).isEqualTo(java.time.Duration.ofMillis(20));
        assertThat(settings.maxDelay()).isEqualTo(java.time.Duration.ofMillis(40));
        assertThat(injector.getInstance(io.smtpy.protection.ConnectionGuard.class))
            .isSameAs(injector.getInstance(io.smtpy.protection.ConnectionGuard.class));
        assertThat(injector.getInstance(io.smtpy.smtp.SmtpyProtectionHook.class)).isNotNull();
        assertThat(memoryInjector().getInstance(io.smtpy.protection.ProtectionSettings.class).dnsblZones()).isEmpty();
    }

    @Test
    void badProtectionSettingsShouldBeRefusedNamingTheKey() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nprotection.trustedNetworks=not-a-network\n")
                .getInstance(io.smtpy.protection.ConnectionGuard.class))
            .hasMessageContaining("protection.trustedNetworks");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nprotection.probes.slowAfter=40\n")
                .getInstance(io.smtpy.protection.ConnectionGuard.class))
            .hasMessageContaining("refuseAfter");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nprotection.dnsbl.zones=not a zone\n")
                .getInstance(io.smtpy.protection.ConnectionGuard.class))
            .hasMessageContaining("blocklist zone");
    }

    @Test
    void recordedEventsShouldReachTheAnalyticsRollups() throws Exception {
        Injector injector = memoryInjector();
        io.smtpy.core.model.DomainName domain = io.smtpy.core.model.DomainName.of("example.com");
        java.time.Instant hour = java.time.Instant.parse("2026-12-04T10:00:00Z");

        injector.getInstance(io.smtpy.core.events.MailEvents.class).record(io.smtpy.core.events.MailEvent.builder(domain,
            io.smtpy.core.events.MailEventType.RECEIVED, hour.plusSeconds(5)).build());

        io.smtpy.analytics.Rollups rollups = injector.getInstance(io.smtpy.analytics.Rollups.class);
        assertThat(rollups).isSameAs(injector.getInstance(io.smtpy.analytics.Rollups.class));
        assertThat(rollups.find(domain, io.smtpy.analytics.RollupKey.ALL_ALIASES, hour, hour.plusSeconds(3600)))
            .extracting(rollup -> rollup.count("received")).containsExactly(1L);
        rollups.flush();
        assertThat(injector.getInstance(StorageFlavour.class).rollups()
            .find(domain, io.smtpy.analytics.RollupKey.ALL_ALIASES, hour, hour.plusSeconds(3600))).hasSize(1);
    }

    @Test
    void deletingADomainShouldForgetItsAnalytics() throws Exception {
        Injector injector = memoryInjector();
        io.smtpy.core.model.DomainName domain = io.smtpy.core.model.DomainName.of("example.com");
        java.time.Instant hour = java.time.Instant.parse("2026-12-04T10:00:00Z");
        AliasDirectory directory = injector.getInstance(AliasDirectory.class);
        directory.createDomain(domain, settings -> settings);
        io.smtpy.analytics.Rollups rollups = injector.getInstance(io.smtpy.analytics.Rollups.class);
        rollups.onEvent(io.smtpy.core.events.MailEvent.builder(domain, io.smtpy.core.events.MailEventType.RECEIVED, hour).build());
        rollups.flush();

        directory.deleteDomain(domain);

        assertThat(rollups.find(domain, io.smtpy.analytics.RollupKey.ALL_ALIASES, hour, hour.plusSeconds(3600))).isEmpty();
    }

    @Test
    void smtpCredentialsShouldBeStoredInTheFlavourAuthenticatedByOneSharedBrakeAndGoWithTheirDomain() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nsubmission.auth.maxFailuresPerUser=2\n");
        StorageFlavour storage = injector.getInstance(StorageFlavour.class);
        io.smtpy.core.model.DomainName domain = io.smtpy.core.model.DomainName.of("sending.example");
        AliasDirectory directory = injector.getInstance(AliasDirectory.class);
        directory.createDomain(domain, settings -> settings);
        io.smtpy.sending.SmtpCredentials credentials = injector.getInstance(io.smtpy.sending.SmtpCredentials.class);
        io.smtpy.sending.SubmissionAuthenticator authenticator = injector.getInstance(io.smtpy.sending.SubmissionAuthenticator.class);

        assertThat(injector.getInstance(io.smtpy.sending.SmtpCredentialRepository.class)).isSameAs(storage.smtpCredentials());
        assertThat(credentials).isSameAs(injector.getInstance(io.smtpy.sending.SmtpCredentials.class));
        assertThat(authenticator).isSameAs(injector.getInstance(io.smtpy.sending.SubmissionAuthenticator.class));
        io.smtpy.sending.IssuedCredential issued = credentials.create(domain, io.smtpy.sending.CredentialRequest.forDomain());
        String username = issued.credential().username();
        assertThat(authenticator.authenticate("192.0.2.1", username, issued.password()).credential()).isPresent();
        // maxFailuresPerUser=2 from smtpy.properties: the third try is throttled before the password is looked at.
        authenticator.authenticate("192.0.2.1", username, "wrong");
        authenticator.authenticate("192.0.2.2", username, "wrong");
        assertThat(authenticator.authenticate("192.0.2.3", username, issued.password()).refusal())
            .hasValueSatisfying(status -> assertThat(status.code()).isEqualTo(454));

        directory.deleteDomain(domain);
        assertThat(storage.smtpCredentials().findByUsername(username)).isEmpty();
    }

    @Test
    void reverseAliasesShouldBeStoredInTheFlavourSharedByTheMailPathAndGoWithTheirDomain() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\n");
        StorageFlavour storage = injector.getInstance(StorageFlavour.class);
        io.smtpy.core.model.DomainName domain = io.smtpy.core.model.DomainName.of("replies.example");
        AliasDirectory directory = injector.getInstance(AliasDirectory.class);
        directory.createDomain(domain, settings -> settings);
        io.smtpy.sending.reverse.ReverseAliases reverseAliases = injector.getInstance(io.smtpy.sending.reverse.ReverseAliases.class);

        assertThat(injector.getInstance(io.smtpy.sending.reverse.ReverseAliasRepository.class)).isSameAs(storage.reverseAliases());
        assertThat(reverseAliases).isSameAs(injector.getInstance(io.smtpy.sending.reverse.ReverseAliases.class));
        assertThat(injector.getInstance(io.smtpy.sending.reverse.ReplyPolicy.class)).isNotNull();
        assertThat(injector.getInstance(io.smtpy.sending.reverse.ReplyAlerts.class)).isNotNull();
        reverseAliases.changeSetting(domain, java.util.Optional.empty(), java.util.Optional.of(true));
        io.smtpy.sending.reverse.ReverseAlias made = reverseAliases.replyAddress(domain, io.smtpy.core.model.LocalPart.of("sales"),
            new org.apache.james.core.MailAddress("ann@customer.example"), "");

        directory.deleteDomain(domain);
        assertThat(storage.reverseAliases().findByToken(made.token())).isEmpty();
        assertThat(reverseAliases.replyThroughAlias(domain, java.util.Optional.empty())).isFalse();
    }

    @Test
    void submissionAuthSettingsShouldBeReadWithTheirDefaultsAndBadOnesRefusedNamingTheKey() {
        org.apache.commons.configuration2.BaseConfiguration none = new org.apache.commons.configuration2.BaseConfiguration();
        assertThat(SendingModule.failureWindow(none)).isEqualTo(Duration.ofMinutes(15));
        org.apache.commons.configuration2.BaseConfiguration set = new org.apache.commons.configuration2.BaseConfiguration();
        set.setProperty("submission.auth.failureWindow", "90s");
        assertThat(SendingModule.failureWindow(set)).isEqualTo(Duration.ofSeconds(90));
        set.setProperty("submission.auth.failureWindow", "30");
        assertThat(SendingModule.failureWindow(set)).isEqualTo(Duration.ofMinutes(30));

        set.setProperty("submission.auth.failureWindow", "soon");
        assertThatThrownBy(() -> SendingModule.failureWindow(set)).hasMessageContaining("submission.auth.failureWindow");
        org.apache.commons.configuration2.BaseConfiguration zero = new org.apache.commons.configuration2.BaseConfiguration();
        zero.setProperty("submission.auth.maxFailuresPerSource", "0");
        assertThatThrownBy(() -> SendingModule.throttle(zero, Clock.systemUTC()))
            .hasMessageContaining("submission.auth.maxFailuresPerSource");
    }

    @Test
    void memoryStorageShouldNeverOpenTheEmbeddedDatabase() throws Exception {
        memoryInjector().getInstance(AliasDirectory.class);

        assertThat(var(SmtpyConfiguration.DEFAULT_EMBEDDED_FILE)).doesNotExist();
    }

    @Test
    void mailPathServicesShouldBeSingletons() throws Exception {
        Injector injector = memoryInjector();

        for (Class<?> service : List.of(AliasDirectory.class, AliasResolver.class, AliasExpansion.class, MailEvents.class,
            SenderRewriting.class, StorageFlavour.class, RecipientPolicy.class, MessagePolicy.class, InboundChecks.class)) {
            assertThat(injector.getInstance(service)).as(service.getSimpleName()).isSameAs(injector.getInstance(service));
        }
    }

    @Test
    void theEventRetentionPurgeShouldBeOneServiceOverTheChosenStorage() throws Exception {
        Injector injector = memoryInjector();

        assertThat(injector.getInstance(io.smtpy.core.events.EventRetentionPurge.class))
            .isSameAs(injector.getInstance(io.smtpy.core.events.EventRetentionPurge.class));
        assertThat(injector.getInstance(io.smtpy.core.events.EventRetentionPurge.class).run()).isZero();
    }

    @Test
    void mailEventsShouldKeepAddressesAsTheDomainChose() throws Exception {
        Injector injector = memoryInjector();
        injector.getInstance(AliasDirectory.class).createDomain(io.smtpy.core.model.DomainName.of("private.example"),
            builder -> builder.eventPrivacy(io.smtpy.core.model.EventPrivacy.NONE));

        injector.getInstance(MailEvents.class).record(io.smtpy.core.events.MailEvent.builder(
            io.smtpy.core.model.DomainName.of("private.example"), io.smtpy.core.events.MailEventType.RECEIVED, java.time.Instant.now())
            .sender("ann@sender.example").build());

        assertThat(injector.getInstance(io.smtpy.core.events.MailEventRepository.class)
            .list(io.smtpy.core.events.MailEventQuery.of(io.smtpy.core.model.DomainName.of("private.example"))))
            .extracting(io.smtpy.core.events.MailEvent::sender).containsExactly(io.smtpy.core.model.EventPrivacy.NOT_KEPT);
    }

    @Test
    void eventsSwitchedOffShouldRecordNothingAndABadSwitchShouldStopTheStartNamingTheKey() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nevents.enabled=false\n");
        io.smtpy.core.model.DomainName domain = io.smtpy.core.model.DomainName.of("quiet.example");

        injector.getInstance(MailEvents.class).record(io.smtpy.core.events.MailEvent.builder(domain,
            io.smtpy.core.events.MailEventType.RECEIVED, java.time.Instant.now()).build());

        assertThat(injector.getInstance(io.smtpy.core.events.MailEventRepository.class)
            .list(io.smtpy.core.events.MailEventQuery.of(domain))).isEmpty();
        assertThat(memoryInjector().getInstance(MailEvents.class)).isNotInstanceOf(MailHistoryModule.SwitchedOff.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> injector(
                "storage=memory\ndkim.rotationCheckMinutes=0\nevents.enabled=maybe\n").getInstance(MailEvents.class))
            .hasMessageContaining("events.enabled");
    }

    @Test
    void theMessagePolicyShouldNameThisHostInAuthenticationResults() throws Exception {
        assertThat(memoryInjector().getInstance(MessagePolicy.class).authServId()).isEqualTo("mx.smtpy.example");
    }

    @Test
    void theRcptHookTheMatcherAndTheForwardingMailetShouldBeBuiltOnTheseDecisions() throws Exception {
        Injector injector = memoryInjector();

        assertThat(injector.getInstance(SmtpyRcptHook.class)).isNotNull();
        assertThat(injector.getInstance(SmtpyForward.class)).isNotNull();
        assertThat(injector.getInstance(IsSmtpyRecipient.class)).isNotNull();
    }

    @Test
    void inboundChecksShouldBeOnByDefault() throws Exception {
        assertThat(memoryInjector().getInstance(InboundChecks.class).enabled()).isTrue();
    }

    @Test
    void inboundChecksShouldBeTurnedOffBySetting() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nauth.inboundChecks=false\n");

        assertThat(injector.getInstance(InboundChecks.class).enabled()).isFalse();
    }

    @Test
    void anInboundChecksValueThatIsNoBooleanShouldBeRefusedNamingTheKey() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nauth.inboundChecks=maybe\n");

        assertThatThrownBy(() -> injector.getInstance(InboundChecks.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("auth.inboundChecks");
    }

    @Test
    void accessServicesShouldBeBoundAsSingletons() throws Exception {
        Injector injector = memoryInjector();

        for (Class<?> service : List.of(Authenticator.class, AuditTrail.class, AccessService.class, SecretSeal.class, AccessStores.class)) {
            assertThat(injector.getInstance(service)).as(service.getSimpleName()).isSameAs(injector.getInstance(service));
        }
        assertThat(injector.getInstance(SecretSeal.class)).isInstanceOf(CipherSecretSeal.class);
    }

    @Test
    void accessServiceShouldCreateTheOperatorsAccount() throws Exception {
        Injector injector = memoryInjector();

        injector.getInstance(AccessService.class);

        assertThat(injector.getInstance(AccessStores.class).accounts().get(Account.DEFAULT_ID)).isPresent();
    }

    @Test
    void operatorKeyShouldBeGeneratedUnderVarReadableByItsOwnerOnlyAndNeverLogged() throws Exception {
        memoryInjector().getInstance(Authenticator.class);

        Path keyFile = var(AccessModule.OPERATOR_KEY_FILE);
        assertThat(keyFile).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String key = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);
        assertThat(log).anySatisfy(line -> assertThat(line).contains(keyFile.toAbsolutePath().normalize().toString()));
        assertThat(log).noneSatisfy(line -> assertThat(line).contains(key));
    }

    @Test
    void operatorKeyShouldSurviveARestart() throws Exception {
        memoryInjector().getInstance(Authenticator.class);
        String first = Files.readString(var(AccessModule.OPERATOR_KEY_FILE));

        memoryInjector().getInstance(Authenticator.class);

        assertThat(Files.readString(var(AccessModule.OPERATOR_KEY_FILE))).isEqualTo(first);
    }

    @Test
    void srsSecretShouldBeGeneratedUnderVarWhenNotConfigured() throws Exception {
        memoryInjector().getInstance(SenderRewriting.class);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(var(SmtpyModule.SRS_SECRET_FILE))))
            .isEqualTo("rw-------");
    }

    @Test
    void embeddedStorageShouldOpenItsDatabaseUnderVar() throws Exception {
        Injector injector = injector("storage=embedded\ndkim.rotationCheckMinutes=0\nauth.servId=mx.smtpy.example\n");

        StorageFlavour storage = ((PerConcernStorage) injector.getInstance(StorageFlavour.class)).flavour(StorageConcern.ACCESS);
        try {
            assertThat(storage).isInstanceOf(EmbeddedStorageModule.EmbeddedStorage.class);
            assertThat(injector.getInstance(AccessStores.class)).isNotInstanceOf(MemoryAccessStores.class);
            assertThat(var(SmtpyConfiguration.DEFAULT_EMBEDDED_FILE)).exists();
            assertThat(injector.getInstance(io.smtpy.core.cluster.TaskLedger.class))
                .isInstanceOf(io.smtpy.core.cluster.MemoryTaskLedger.class).isSameAs(storage.taskLedger());
        } finally {
            ((EmbeddedStorageModule.EmbeddedStorage) storage).close();
        }
    }

    @Test
    void theRecordsOfTheTasksRoutesStartShouldBeKeptWithTheDomains() throws Exception {
        Injector injector = injector("storage=memory\nstorage.access=embedded\ndkim.rotationCheckMinutes=0\n"
            + "auth.servId=mx.smtpy.example\n");

        PerConcernStorage storage = (PerConcernStorage) injector.getInstance(StorageFlavour.class);
        try {
            assertThat(injector.getInstance(io.smtpy.core.cluster.TaskLedger.class))
                .isSameAs(storage.flavour(StorageConcern.DOMAINS).taskLedger()).isSameAs(storage.taskLedger())
                .isNotSameAs(storage.flavour(StorageConcern.ACCESS).taskLedger());
            assertThat(injector.getInstance(io.smtpy.webadmin.tasks.TaskRecords.class))
                .isSameAs(injector.getInstance(io.smtpy.webadmin.tasks.TaskRecords.class));
        } finally {
            ((EmbeddedStorageModule.EmbeddedStorage) storage.flavour(StorageConcern.ACCESS)).close();
        }
    }

    @Test
    void aConcernShouldBeKeptInTheFlavourItsKeyNamesAndTheRestInTheDefault() throws Exception {
        Injector injector = injector("storage=memory\nstorage.events=embedded\ndkim.rotationCheckMinutes=0\n"
            + "auth.servId=mx.smtpy.example\n");

        PerConcernStorage storage = (PerConcernStorage) injector.getInstance(StorageFlavour.class);
        try {
            assertThat(storage.flavour(StorageConcern.EVENTS)).isInstanceOf(EmbeddedStorageModule.EmbeddedStorage.class);
            assertThat(injector.getInstance(MailEventRepository.class)).isNotInstanceOf(MemoryMailEventRepository.class)
                .isSameAs(storage.events());
            assertThat(storage.flavour(StorageConcern.DOMAINS)).isInstanceOf(MemoryStorageModule.MemoryStorage.class);
            assertThat(injector.getInstance(DomainRepository.class)).isInstanceOf(MemoryDomainRepository.class);
            assertThat(var(SmtpyConfiguration.DEFAULT_EMBEDDED_FILE)).exists();
        } finally {
            ((EmbeddedStorageModule.EmbeddedStorage) storage.flavour(StorageConcern.EVENTS)).close();
        }
    }

    @Test
    void aFlavourNoConcernNamesShouldNotBeBuilt() throws Exception {
        Injector injector = memoryInjector();

        injector.getInstance(StorageFlavour.class).events();

        assertThat(var(SmtpyConfiguration.DEFAULT_EMBEDDED_FILE)).doesNotExist();
    }

    @Test
    void aStorageKeyThatIsNoConcernShouldStopTheStartNamingTheConcerns() {
        assertThatThrownBy(() -> injector("storage=memory\nstorage.alias=embedded\ndkim.rotationCheckMinutes=0\n"
            + "auth.servId=mx.smtpy.example\n").getInstance(StorageFlavour.class))
            .hasMessageContaining("storage.alias is no storage concern")
            .hasMessageContaining("domains, events, limits, notifications, rules, sending, suppression, webhooks");
    }

    @Test
    void unknownStorageFlavourShouldStopTheStartWithTheKnownOnes() {
        assertThatThrownBy(() -> injector("storage=tape\ndkim.rotationCheckMinutes=0\nauth.servId=mx.smtpy.example\n"))
            .isInstanceOf(CreationException.class)
            .hasMessageContaining("no storage flavour named 'tape'")
            .hasMessageContaining(MemoryStorageModule.NAME)
            .hasMessageContaining(EmbeddedStorageModule.NAME);
    }

    @Test
    void authenticationChecksShouldShareAFiveSecondBudgetByDefault() throws Exception {
        assertThat(memoryInjector().getInstance(CheckTimeBudget.class).budget()).contains(Duration.ofSeconds(5));
    }

    @Test
    void zeroTimeBudgetShouldLeaveTheChecksUnbounded() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nauth.timeBudgetMillis=0\n");

        assertThat(injector.getInstance(CheckTimeBudget.class).budget()).isEmpty();
    }

    @Test
    void negativeTimeBudgetShouldBeRefusedNamingTheKey() throws Exception {
        Injector injector = injector("storage=memory\ndkim.rotationCheckMinutes=0\nauth.timeBudgetMillis=-1\n");

        assertThatThrownBy(() -> injector.getInstance(CheckTimeBudget.class))
            .isInstanceOf(ProvisionException.class)
            .hasMessageContaining("auth.timeBudgetMillis");
    }
}
