package io.smtpy.store.cassandra;

import java.time.Clock;
import java.util.List;

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

/** Every access port on one Cassandra keyspace; {@link #TABLES} are the tables they need, to migrate at start. */
public final class CassandraAccessStores implements AccessStores {
    public static final List<TableSet> TABLES = List.of(CassandraAccountRepository.TABLES,
        CassandraMemberRepository.TABLES, CassandraApiKeyRepository.TABLES, CassandraSessionRepository.TABLES,
        CassandraInvitationRepository.TABLES, CassandraDomainOwnership.TABLES, CassandraAuditLogRepository.TABLES,
        CassandraFailedAttemptRepository.TABLES, CassandraMemberTokenRepository.TABLES);

    private final AccountRepository accounts;
    private final MemberRepository members;
    private final ApiKeyRepository keys;
    private final SessionRepository sessions;
    private final InvitationRepository invitations;
    private final DomainOwnership ownership;
    private final AuditLogRepository audit;
    private final FailedAttemptRepository failedAttempts;
    private final MemberTokenRepository memberTokens;

    public CassandraAccessStores(CassandraStore store, Clock clock) {
        this.accounts = new CassandraAccountRepository(store);
        this.members = new CassandraMemberRepository(store, clock);
        this.keys = new CassandraApiKeyRepository(store);
        this.sessions = new CassandraSessionRepository(store);
        this.invitations = new CassandraInvitationRepository(store, clock);
        this.ownership = new CassandraDomainOwnership(store);
        this.audit = new CassandraAuditLogRepository(store);
        this.failedAttempts = new CassandraFailedAttemptRepository(store);
        this.memberTokens = new CassandraMemberTokenRepository(store, clock);
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
