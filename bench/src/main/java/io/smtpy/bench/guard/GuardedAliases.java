package io.smtpy.bench.guard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.utils.JsonTransformer;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.Permission;
import io.smtpy.access.service.AccessMailer;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.OperatorCredential;
import io.smtpy.access.service.PasswordHashing;
import io.smtpy.access.service.Principal;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.cluster.MemoryTaskLedger;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.dkim.DkimAlgorithm;
import io.smtpy.core.dkim.DkimKeyGenerator;
import io.smtpy.core.dkim.DkimKeyRotation;
import io.smtpy.core.dkim.DkimRotationRun;
import io.smtpy.core.dkim.MemoryDkimKeyRepository;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.dkim.RotationPolicy;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.webadmin.guard.RouteRegistry;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.routes.AliasRoutes;
import io.smtpy.webadmin.routes.DomainRoutes;
import io.smtpy.webadmin.tasks.TaskRecords;

/**
 * The shipped {@code /smtpy} domain and alias routes behind the real {@link SmtpyGuard}, over the memory stores:
 * an account that owns the benchmark's domain and an API key of that account limited to the domain, made through
 * the access service as {@code POST /smtpy/accounts/{id}/keys} makes them. Requests carry that key, so every call
 * pays what a customer's call pays: key lookup and hash check, the domain's owner, the permission, and for a
 * create the before/after snapshots and one hash-chained audit entry.
 */
final class GuardedAliases implements AutoCloseable {
    private static final String OPERATOR_KEY = "bench-operator-key-0123456789-abcdefghij";
    private static final long IMPORT_MAX_BYTES = 16L * 1024 * 1024;

    final AliasDirectory directory;
    final MemoryAccessStores stores = new MemoryAccessStores();
    final Authenticator authenticator;
    final AuditTrail audit;
    final Account account;
    final String apiKey;
    private final MemoryTaskManager taskManager = new MemoryTaskManager(new Hostname("bench"));
    private final TaskRecords tasks;
    private final InProcessWebAdmin server;

    GuardedAliases(DomainName domain, Clock clock) {
        MemoryDomainRepository domains = new MemoryDomainRepository();
        directory = new AliasDirectory(domains, new MemoryAliasRepository(), clock, Limits.DEFAULT);
        // Only DomainRoutes' creation of a domain would use DKIM; the benchmark creates its domain directly.
        DkimKeyRotation rotation = new DkimKeyRotation(new MemoryDkimKeyRepository(), new DkimKeyGenerator(),
            new PrivateKeyCipher(new byte[PrivateKeyCipher.MASTER_KEY_LENGTH]), key -> false,
            RotationPolicy.builder().algorithms(DkimAlgorithm.ED25519_SHA256).build(), clock);
        DkimRotationRun dkim = new DkimRotationRun(rotation, domains, new MailEvents(new MemoryMailEventRepository()));

        authenticator = new Authenticator(stores, Optional.of(OperatorCredential.of(OPERATOR_KEY)),
            new AttemptThrottle(clock, 20, 10, Duration.ofMinutes(5)), clock);
        AccessService access = new AccessService(stores, new PasswordHashing(1024, 1, 1), authenticator, new NoMail(),
            new CipherSecretSeal(new PrivateKeyCipher(new byte[PrivateKeyCipher.MASTER_KEY_LENGTH])), clock);
        access.ensureDefaultAccount();
        audit = new AuditTrail(stores, clock);
        tasks = new TaskRecords(new MemoryTaskLedger(clock), taskManager, clock);
        SmtpyGuard guard = new SmtpyGuard(authenticator, access, audit, directory, tasks, new RouteRegistry(),
            new NoAuthenticationFilter());

        account = access.createAccount("bench customer");
        directory.createDomain(domain, settings -> settings);
        stores.ownership().assign(domain, account.id());
        apiKey = access.createKey(account.id(), "bench", Set.of(Permission.DOMAINS_READ, Permission.ALIASES_READ,
            Permission.ALIASES_WRITE), Set.of(domain), Optional.empty(), List.of(), Principal.operator()).secret();

        JsonTransformer json = new JsonTransformer();
        server = InProcessWebAdmin.start(
            new DomainRoutes(directory, new AliasResolver(directory), dkim, json, guard, access),
            new AliasRoutes(directory, taskManager, json, IMPORT_MAX_BYTES, guard));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        tasks.close();
        taskManager.stop();
    }

    /** Nothing of the benchmark mails anyone. */
    private static final class NoMail implements AccessMailer {
        @Override
        public void invitation(Invitation invitation, Account account, String token) {
        }

        @Override
        public void emailVerification(Member member, String token) {
        }

        @Override
        public void passwordReset(Member member, String token) {
        }
    }
}
