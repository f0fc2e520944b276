package io.smtpy.access.store.memory;

import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.AccountRepository;
import io.smtpy.access.store.ApiKeyRepository;
import io.smtpy.access.store.AuditLogRepository;
import io.smtpy.access.store.DomainOwnership;
import io.smtpy.access.store.FailedAttemptRepository;
import io.smtpy.access.store.InvitationRepository;
import io.smtpy.access.store.MemberRepository;
import io.smtpy.access.store.MemberTokenRepository;
import io.smtpy.access.store.SessionRepository;

/** The access ports in the heap, for tests and {@code storage=memory}. */
public final class MemoryAccessStores implements AccessStores {
    private final AccountRepository accounts = new MemoryAccountRepository();
    private final MemberRepository members = new MemoryMemberRepository();
    private final ApiKeyRepository keys = new MemoryApiKeyRepository();
    private final SessionRepository sessions = new MemorySessionRepository();
    private final InvitationRepository invitations = new MemoryInvitationRepository();
    private final DomainOwnership ownership = new MemoryDomainOwnership();
    private final AuditLogRepository audit = new MemoryAuditLogRepository();
    private final FailedAttemptRepository failedAttempts = new MemoryFailedAttemptRepository();
    private final MemberTokenRepository memberTokens = new MemoryMemberTokenRepository();

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
