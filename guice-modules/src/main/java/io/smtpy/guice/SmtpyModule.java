package io.smtpy.guice;

import java.io.FileNotFoundException;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.inject.Named;
import javax.inject.Provider;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

import io.smtpy.auth.AuthServId;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.IndexBudget;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dmarc.AggregateReportParser;
import io.smtpy.core.dmarc.DmarcReportAddress;
import io.smtpy.core.dmarc.DmarcReportRepository;
import io.smtpy.core.dmarc.ReportIntake;
import io.smtpy.core.forwarding.AliasExpansion;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.EventFeed;
import io.smtpy.core.events.MailEventListener;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.mailpath.MessagePolicy;
import io.smtpy.core.mailpath.RecipientPolicy;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.AliasRepository;
import io.smtpy.core.srs.SenderRewriting;
import io.smtpy.core.srs.SrsSettings;
import io.smtpy.core.store.DomainRepository;
import io.smtpy.mailets.FallbackOnDeferral;
import io.smtpy.mailets.RecordDeferrals;
import io.smtpy.webadmin.routes.AliasRoutes;

/**
 * The smtpy extension: what James loads through {@code extensions.properties}
 * ({@code guice.extension.module=io.smtpy.guice.SmtpyModule}). It lives in James's extension child injector:
 * it sees James's bindings (Clock, TaskManager, JsonTransformer, PropertiesProvider...) and adds smtpy's:
 * configuration from {@code smtpy.properties}, the storage flavour it names, the alias directory and resolver,
 * the mail path's decisions ({@code RecipientPolicy} at RCPT, {@code MessagePolicy} after DATA),
 * {@code MailEvents}, through which the mail path records its decisions, and the DMARC report intake (the report
 * address every domain has, the parser with its default limits, the report store).
 * The routes are listed in {@code webadmin.properties} and built by James from this injector.
 */
public class SmtpyModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpyModule.class);
    /** Relative to James's var directory; generated when {@code srs.secrets} is not set. */
    static final String SRS_SECRET_FILE = "smtpy/srs-secret";
    static final String MAX_RESIDENT_ALIASES = "directory.maxResidentAliases";

    @Override
    protected void configure() {
        install(new MemoryStorageModule());
        install(new EmbeddedStorageModule());
        install(new DnsCheckModule());
        install(new DkimModule());
        install(new AuthenticationModule());
        install(new AccessModule());
        install(new ScanningModule());
        install(new RulesModule());
        install(new WebhooksModule());
        install(new FailedCopiesModule());
        install(new ProtectionModule());
        install(new NotificationsModule());
        install(new AnalyticsModule());
        install(new SuppressionModule());
        install(new SendingModule());
        install(new TrackingModule());
        install(new LimitsModule());
        install(new ReverseAliasModule());
        install(new MailHistoryModule());
        install(new RelayModule());
        install(new QueueModule());
        install(new CassandraStorageModule());
        install(new OpenSearchStorageModule());
        install(new ClusterModule());
        install(new PanelModule());
        bind(AliasDirectory.class).in(Scopes.SINGLETON);
        bind(AliasResolver.class).in(Scopes.SINGLETON);
        // Whoever follows the events as they are recorded (roll-ups, webhooks, live tails) adds itself here.
        bind(EventFeed.class).in(Scopes.SINGLETON);
        com.google.inject.multibindings.Multibinder.newSetBinder(binder(), MailEventListener.class).addBinding().to(EventFeed.class);
        bind(AliasExpansion.class).in(Scopes.SINGLETON);
        bind(RecipientPolicy.class).in(Scopes.SINGLETON);
        // Listens from the start for deferrals reported by the embedded server's mail queues.
        bind(RecordDeferrals.class).asEagerSingleton();
        bind(FallbackOnDeferral.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    SmtpyConfiguration configuration(PropertiesProvider properties) throws ConfigurationException {
        try {
            return SmtpyConfiguration.from(properties.getConfiguration(SmtpyConfiguration.FILE));
        } catch (FileNotFoundException e) {
            LOGGER.warn("No smtpy.properties found: using defaults (embedded storage)");
            return SmtpyConfiguration.DEFAULT;
        }
    }

    @Provides
    @Singleton
    SenderRewriting senderRewriting(SmtpyConfiguration configuration, JamesDirectoriesProvider directories, Clock clock) {
        List<String> secrets = configuration.srsSecrets().isEmpty()
            ? GeneratedSecretFile.readOrCreate(Paths.get(directories.getVarDirectory()).resolve(SRS_SECRET_FILE))
            : configuration.srsSecrets();
        return new SenderRewriting(SrsSettings.of(secrets, configuration.srsMaxAge()), clock);
    }

    @Provides
    Limits limits(SmtpyConfiguration configuration) {
        return configuration.limits();
    }

    @Provides
    @Named(AliasRoutes.IMPORT_MAX_BYTES)
    long importMaxBytes(SmtpyConfiguration configuration) {
        return configuration.importMaxBytes();
    }

    @Provides
    @Singleton
    StorageFlavour storage(SmtpyConfiguration configuration, PropertiesProvider properties,
                           Map<String, Provider<StorageFlavour>> flavours) throws ConfigurationException {
        StorageChoice choice = StorageChoice.from(SmtpyConfiguration.rawProperties(properties), configuration.storage());
        LOGGER.info("smtpy storage: {}", choice);
        return new PerConcernStorage(choice, flavours);
    }

    @Provides
    DomainRepository domains(StorageFlavour storage) {
        return storage.domains();
    }

    @Provides
    AliasRepository aliases(StorageFlavour storage) {
        return storage.aliases();
    }

    @Provides
    MailEventRepository events(StorageFlavour storage) {
        return storage.events();
    }

    @Provides
    DmarcReportRepository dmarcReports(StorageFlavour storage) {
        return storage.dmarcReports();
    }

    @Provides
    @Singleton
    DmarcReportAddress dmarcReportAddress(SmtpyConfiguration configuration, AliasResolver resolver) {
        return new DmarcReportAddress(configuration.dmarcReportsLocalPart(), resolver);
    }

    /** The decision after DATA: {@code SmtpyForward} carries it out; its Authentication-Results name this host. */
    @Provides
    @Singleton
    MessagePolicy messagePolicy(AliasExpansion expansion, SenderRewriting senderRewriting, AliasDirectory directory,
                                AuthServId authServId) {
        return new MessagePolicy(expansion, senderRewriting, directory, authServId.asString());
    }

    /**
     * {@code directory.maxResidentAliases}: how many aliases the node keeps in memory (absent or {@code unbounded}: all,
     * read at start; a number: domains' aliases read on first use, those used least recently let go past it).
     */
    @Provides
    @Singleton
    IndexBudget indexBudget(PropertiesProvider properties) throws ConfigurationException {
        String value = SmtpyConfiguration.rawProperties(properties).getString(MAX_RESIDENT_ALIASES, "unbounded").trim();
        if (value.equalsIgnoreCase("unbounded") || value.isEmpty()) {
            return IndexBudget.UNBOUNDED;
        }
        try {
            return IndexBudget.of(Long.parseLong(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("smtpy.properties: " + MAX_RESIDENT_ALIASES
                + " must be 'unbounded' or a number of aliases of at least 1, got '" + value + "'", e);
        }
    }

    /** {@code fallback.afterDeferredMinutes} (default 240; 0: deferral never brings fallbacks in). */
    @Provides
    @Singleton
    FallbackPolicy fallbackPolicy(AliasDirectory directory, PropertiesProvider properties) throws ConfigurationException {
        int minutes = SmtpyConfiguration.rawProperties(properties).getInt("fallback.afterDeferredMinutes",
            (int) FallbackPolicy.DEFAULT_AFTER_DEFERRED.toMinutes());
        if (minutes < 0 || minutes > 60 * 24 * 30) {
            throw new IllegalArgumentException("smtpy.properties: fallback.afterDeferredMinutes must be between 0 and 43200, got " + minutes);
        }
        return new FallbackPolicy(directory, java.time.Duration.ofMinutes(minutes));
    }

    @Provides
    @Singleton
    ReportIntake reportIntake(DmarcReportRepository reports, Clock clock) {
        return new ReportIntake(new AggregateReportParser(), reports, clock);
    }
}
