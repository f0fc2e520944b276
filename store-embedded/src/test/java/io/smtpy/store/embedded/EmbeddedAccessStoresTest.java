package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Role;
import io.smtpy.access.store.AccessStores;
import io.smtpy.access.store.AccountRepositoryContract;
import io.smtpy.access.store.ApiKeyRepositoryContract;
import io.smtpy.access.store.AuditLogRepositoryContract;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.access.store.InvitationRepositoryContract;
import io.smtpy.access.store.MemberRepositoryContract;
import io.smtpy.access.store.SessionRepositoryContract;
import io.smtpy.core.model.DomainName;

/** The access ports share the store's file: what each wrote is there after reopening, and a closed store refuses calls. */
class EmbeddedAccessStoresTest {
    private static final AccessId ACME = AccessId.of("acc_acme");
    private static final AccessId JANE = AccessId.of("mem_jane");

    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Test
    void everyPortShouldFindItsDataAfterReopening() {
        AccessStores access = embedded.store().access();
        access.accounts().create(AccountRepositoryContract.account(ACME));
        access.members().create(MemberRepositoryContract.richMember(JANE, "jane@example.com"));
        access.members().putMembership(MemberRepositoryContract.membership(ACME, JANE, Role.OWNER));
        access.keys().create(ApiKeyRepositoryContract.richKey(AccessId.of("key_one"), ACME));
        access.sessions().create(SessionRepositoryContract.session("ses_one", JANE, AccountRepositoryContract.T0,
            AccountRepositoryContract.T0.plusSeconds(60)));
        access.invitations().create(InvitationRepositoryContract.invitation("inv_one", ACME, AccountRepositoryContract.T0));
        access.ownership().assign(DomainName.of("a.example"), ACME);
        AuditEntry entry = access.audit().append(AuditLogRepositoryContract.record(AccountRepositoryContract.T0, "a"));
        FailedAttempt attempt = new FailedAttempt(AccountRepositoryContract.T0, "192.0.2.1", "key_x", "bad", Optional.of(ACME));
        access.failedAttempts().record(attempt);

        AccessStores reopened = embedded.reopen().access();

        assertThat(reopened.accounts().get(ACME)).contains(AccountRepositoryContract.account(ACME));
        assertThat(reopened.members().byEmail("jane@example.com")).contains(MemberRepositoryContract.richMember(JANE, "jane@example.com"));
        assertThat(reopened.members().membershipsOfMember(JANE)).containsExactly(MemberRepositoryContract.membership(ACME, JANE, Role.OWNER));
        assertThat(reopened.keys().get(AccessId.of("key_one"))).contains(ApiKeyRepositoryContract.richKey(AccessId.of("key_one"), ACME));
        assertThat(reopened.sessions().ofMember(JANE)).hasSize(1);
        assertThat(reopened.invitations().ofAccount(ACME)).hasSize(1);
        assertThat(reopened.ownership().owner(DomainName.of("a.example"))).contains(ACME);
        assertThat(reopened.audit().list(AuditQuery.all(ACME))).containsExactly(entry);
        assertThat(reopened.failedAttempts().recent(ACME, 10)).containsExactly(attempt);
    }

    @Test
    void closedStoreShouldRefuseAccessCalls() {
        AccessStores access = embedded.store().access();
        embedded.close();

        assertThatThrownBy(() -> access.accounts().list()).isInstanceOf(EmbeddedStoreException.class);
        assertThatThrownBy(() -> access.audit().append(AuditLogRepositoryContract.record(AccountRepositoryContract.T0, "a")))
            .isInstanceOf(EmbeddedStoreException.class);
    }
}
