package io.smtpy.store.embedded;

import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.AccountRepository;
import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.DomainOwnership;
import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.access.store.SessionRepository;

/** The access ports in the store's SQLite file, on its connections (one writer, the shared readers). */
final class EmbeddedAccessStores implements AccessStores {
    private final AccountRepository accounts;
    private final MemberRepository members;
    private final ApiKeyRepository keys;
    private final SessionRepository sessions;
    private final InvitationRepository invitations;
    private final DomainOwnership ownership;
    private final AuditLogRepository audit;
    private final FailedAttemptRepository failedAttempts;
    private final MemberTokenRepository memberTokens;

    EmbeddedAccessStores(SqliteConnections connections) {
        this.accounts = new EmbeddedAccountRepository(connections);
        this.members = new EmbeddedMemberRepository(connections);
        this.keys = new EmbeddedApiKeyRepository(connections);
        this.sessions = new EmbeddedSessionRepository(connections);
        this.invitations = new EmbeddedInvitationRepository(connections);
        this.ownership = new EmbeddedDomainOwnership(connections);
        this.audit = new EmbeddedAuditLogRepository(connections);
        this.failedAttempts = new EmbeddedFailedAttemptRepository(connections);
        this.memberTokens = new EmbeddedMemberTokenRepository(connections);
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }

    @Override
    public MemberRepository members() {
        return members;
    }

    @Override
    public ApiKeyRepository keys() {
        return keys;
    }

    @Override
    public SessionRepository sessions() {
        return sessions;
    }

    @Override
    public InvitationRepository invitations() {
        return invitations;
    }

    @Override
    public DomainOwnership ownership() {
        return ownership;
    }

    @Override
    public AuditLogRepository audit() {
        return audit;
    }

    @Override
    public FailedAttemptRepository failedAttempts() {
        return failedAttempts;
    }

    @Override
    public MemberTokenRepository memberTokens() {
        return memberTokens;
    }
}
