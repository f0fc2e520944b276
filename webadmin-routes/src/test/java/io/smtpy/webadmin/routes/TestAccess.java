package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.AccessMailer;
import io.smtpy.access.service.CipherSecretSeal;
import io.smtpy.access.service.OperatorCredential;
import io.smtpy.access.service.PasswordHashing;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.cluster.MemoryTaskLedger;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.webadmin.guard.RouteRegistry;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.tasks.TaskRecords;

/**
 * The access side of a route test: memory stores, the operator key, the guard, the invitations "mailed", and the
 * records of the tasks the routes start (in a memory ledger other nodes of a test may share).
 */
final class TestAccess {
    static final String OPERATOR_KEY = "test-operator-key-0123456789-abcdefghij";
    /** For tests that start no task: any call to it fails the test. */
    private static final TaskManager NO_TASKS = (TaskManager) java.lang.reflect.Proxy.newProxyInstance(
        TestAccess.class.getClassLoader(), new Class<?>[] {TaskManager.class}, (proxy, method, arguments) -> {
            throw new AssertionError("this test starts no task, yet TaskManager." + method.getName() + " was called");
        });

    /** What the invitation mailer was asked to send: the invitation and its token. */
    static final class SentInvitation {
        final Invitation invitation;
        final String token;

        SentInvitation(Invitation invitation, String token) {
            this.invitation = invitation;
            this.token = token;
        }
    }

    /** A verification or reset mail to a member, with its token. */
    static final class SentToMember {
        final Member member;
        final String kind;
        final String token;

        SentToMember(Member member, String kind, String token) {
            this.member = member;
            this.kind = kind;
            this.token = token;
        }
    }

    final MemoryAccessStores stores = new MemoryAccessStores();
    final List<SentToMember> memberMails = new CopyOnWriteArrayList<>();
    final List<SentInvitation> mailed = new CopyOnWriteArrayList<>();
    final Authenticator authenticator;
    final AccessService access;
    final AuditTrail audit;
    final RouteRegistry registry = new RouteRegistry();
    final SmtpyGuard guard;
    final PasswordHashing passwords = new PasswordHashing(1024, 1, 1);
    final MemoryTaskLedger taskLedger;
    final TaskRecords tasks;

    TestAccess(AliasDirectory directory, Clock clock) {
        this(directory, clock, new NoAuthenticationFilter(), NO_TASKS);
    }

    /** @param jamesFilter James's WebAdmin authentication, as the guard receives it from James */
    TestAccess(AliasDirectory directory, Clock clock, AuthenticationFilter jamesFilter) {
        this(directory, clock, jamesFilter, NO_TASKS);
    }

    /** @param taskManager the node's task manager, which the routes that start tasks submit to */
    TestAccess(AliasDirectory directory, Clock clock, AuthenticationFilter jamesFilter, TaskManager taskManager) {
        authenticator = new Authenticator(stores, Optional.of(OperatorCredential.of(OPERATOR_KEY)),
            new AttemptThrottle(clock, 20, 10, Duration.ofMinutes(5)), clock);
        AccessMailer mailer = new AccessMailer() {
            @Override
            public void invitation(Invitation invitation, Account account, String token) {
                mailed.add(new SentInvitation(invitation, token));
            }

            @Override
            public void emailVerification(Member member, String token) {
                memberMails.add(new SentToMember(member, "verification", token));
            }

            @Override
            public void passwordReset(Member member, String token) {
                memberMails.add(new SentToMember(member, "reset", token));
            }
        };
        access = new AccessService(stores, passwords, authenticator, mailer,
            new CipherSecretSeal(new PrivateKeyCipher(new byte[PrivateKeyCipher.MASTER_KEY_LENGTH])), clock);
        Account defaultAccount = access.ensureDefaultAccount();
        audit = new AuditTrail(stores, clock);
        taskLedger = new MemoryTaskLedger(clock);
        tasks = new TaskRecords(taskLedger, taskManager, clock);
        guard = new SmtpyGuard(authenticator, access, audit, directory, tasks, registry, jamesFilter);
        if (!defaultAccount.id().equals(Account.DEFAULT_ID)) {
            throw new IllegalStateException();
        }
    }
}
