package io.smtpy.guice;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.smtpy.access.service.AccessHousekeeping;
import io.smtpy.access.service.AccessMailer;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.OperatorCredential;
import io.smtpy.access.service.PasswordHashing;
import io.smtpy.access.service.SecretSeal;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.dkim.PrivateKeyCipher;

/**
 * Access (DESIGN §9): the access stores of the chosen storage flavour, the operator key, the authenticator with
 * its throttle, the audit trail, and the access service; the guard and the route registry are singletons of
 * webadmin-routes, and so are the records of the tasks the routes start ({@code TaskRecords}), kept in the flavour's
 * {@link TaskLedger}: the guard reads them to decide who may follow a task. The operator key comes from {@value #OPERATOR_KEY_VARIABLE} when set, else from
 * {@code var/smtpy/operator-key}, generated on first start (its path, never its value, is logged).
 */
public class AccessModule extends AbstractModule {
    public static final String OPERATOR_KEY_VARIABLE = "SMTPY_OPERATOR_KEY";
    /** Relative to James's var directory. */
    public static final String OPERATOR_KEY_FILE = "smtpy/operator-key";
    private static final Logger LOGGER = LoggerFactory.getLogger(AccessModule.class);
    /** Failed attempts per source, and per credential, within the window before 429. */
    private static final int MAX_FAILURES_PER_SOURCE = 20;
    private static final int MAX_FAILURES_PER_CREDENTIAL = 10;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    @Override
    protected void configure() {
        bind(PasswordHashing.class).toInstance(new PasswordHashing());
        bind(AccessHousekeepingSchedule.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    AccessStores accessStores(StorageFlavour storage) {
        return storage.access();
    }

    /** With the domains, shared by the nodes when they are: a task started on one node is followed from any. */
    @Provides
    @Singleton
    TaskLedger taskLedger(StorageFlavour storage) {
        return storage.taskLedger();
    }

    @Provides
    @Singleton
    OperatorCredential operatorCredential(JamesDirectoriesProvider directories) {
        return loadOperatorCredential(Paths.get(directories.getVarDirectory()));
    }

    /** The operator key of the environment, else of the file under {@code varDirectory} (created if missing). */
    public static OperatorCredential loadOperatorCredential(Path varDirectory) {
        String fromEnvironment = System.getenv(OPERATOR_KEY_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            LOGGER.info("smtpy operator key: from the environment variable {}", OPERATOR_KEY_VARIABLE);
            return OperatorCredential.of(fromEnvironment);
        }
        Path file = varDirectory.resolve(OPERATOR_KEY_FILE).toAbsolutePath().normalize();
        OperatorCredential credential = OperatorCredential.of(GeneratedSecretFile.readOrCreate(file).get(0));
        LOGGER.info("smtpy operator key: in {} (send it as 'Authorization: Bearer <key>')", file);
        return credential;
    }

    @Provides
    @Singleton
    Authenticator authenticator(AccessStores stores, OperatorCredential operator, Clock clock) {
        return new Authenticator(stores, Optional.of(operator),
            new AttemptThrottle(clock, MAX_FAILURES_PER_SOURCE, MAX_FAILURES_PER_CREDENTIAL, FAILURE_WINDOW), clock);
    }

    @Provides
    @Singleton
    AuditTrail auditTrail(AccessStores stores, Clock clock) {
        return new AuditTrail(stores, clock);
    }

    @Provides
    @Singleton
    AccessHousekeeping housekeeping(AccessStores stores, AuditTrail audit, Clock clock) {
        return new AccessHousekeeping(stores, audit, clock);
    }

    @Provides
    @Singleton
    AccessMailer accessMailer(Provider<MailetContext> mailetContext, PropertiesProvider properties) throws ConfigurationException {
        return new MailedAccessMessages(new PostmasterNotices(mailetContext), RulesModule.publicUrl(properties));
    }

    /** Members' TOTP secrets are sealed under the master key that seals the DKIM private keys. */
    @Provides
    @Singleton
    SecretSeal secretSeal(PrivateKeyCipher masterKey) {
        return new CipherSecretSeal(masterKey);
    }

    @Provides
    @Singleton
    AccessService accessService(AccessStores stores, PasswordHashing passwords, Authenticator authenticator, AccessMailer mailer,
                                SecretSeal seal, Clock clock) {
        AccessService service = new AccessService(stores, passwords, authenticator, mailer, seal, clock);
        service.ensureDefaultAccount();
        return service;
    }
}
