package io.smtpy.webadmin.routes;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.smtpy.access.Account;
import io.smtpy.access.Invitation;
import io.smtpy.access.service.AccessService;
import io.smtpy.access.service.AttemptThrottle;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.access.service.Authenticator;
import io.smtpy.access.service.InvitationMailer;
import io.smtpy.access.service.OperatorCredential;
import io.smtpy.access.service.PasswordHashing;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.webadmin.guard.RouteRegistry;
import io.smtpy.webadmin.guard.SmtpyGuard;
import io.smtpy.webadmin.guard.TaskOwners;

/** The access side of a route test: memory stores, the operator key, the guard, and the invitations "mailed". */
final class TestAccess {
    static final String OPERATOR_KEY = "test-operator-key-0123456789-abcdefghij";

    /** What the invitation mailer was asked to send: the invitation and its token. */
    static final class SentInvitation {
        final Invitation invitation;
        final String token;

        SentInvitation(Invitation invitation, String token) {
            this.invitation = invitation;
            this.token = token;
        }
    }

    final MemoryAccessStores stores = new MemoryAccessStores();
    final List<SentInvitation> mailed = new CopyOnWriteArrayList<>();
    final Authenticator authenticator;
    final AccessService access;
    final AuditTrail audit;
    final RouteRegistry registry = new RouteRegistry();
    final SmtpyGuard guard;
    final PasswordHashing passwords = new PasswordHashing(1024, 1, 1);

    TestAccess(AliasDirectory directory, Clock clock) {
        authenticator = new Authenticator(stores, Optional.of(OperatorCredential.of(OPERATOR_KEY)),
            new AttemptThrottle(clock, 20, 10, Duration.ofMinutes(5)), clock);
        InvitationMailer mailer = (invitation, account, token) -> mailed.add(new SentInvitation(invitation, token));
        access = new AccessService(stores, passwords, authenticator, mailer, clock);
        Account defaultAccount = access.ensureDefaultAccount();
        audit = new AuditTrail(stores, clock);
        guard = new SmtpyGuard(authenticator, access, audit, directory, new TaskOwners(), registry);
        if (!defaultAccount.id().equals(Account.DEFAULT_ID)) {
            throw new IllegalStateException();
        }
    }
}
