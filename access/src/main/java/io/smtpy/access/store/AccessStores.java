package io.smtpy.access.store;

/** Every access port of one storage backend. */
public interface AccessStores {
    AccountRepository accounts();

    MemberRepository members();

    ApiKeyRepository keys();

    SessionRepository sessions();

    InvitationRepository invitations();

    DomainOwnership ownership();

    AuditLogRepository audit();

    FailedAttemptRepository failedAttempts();

    MemberTokenRepository memberTokens();
}
