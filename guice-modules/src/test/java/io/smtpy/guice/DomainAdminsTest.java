package io.smtpy.guice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.model.DomainName;

class DomainAdminsTest {
    @Test
    void anAccountsNoticesShouldGoToItsOwnersAndAdminsOnly() throws Exception {
        MemoryAccessStores access = new MemoryAccessStores();
        AccessId account = AccessId.of("acc_a");
        AccessId other = AccessId.of("acc_b");
        member(access, account, "owner@a.example", Role.OWNER);
        member(access, account, "admin@a.example", Role.ADMIN);
        member(access, account, "reader@a.example", Role.READ_ONLY);
        member(access, other, "owner@b.example", Role.OWNER);

        assertThat(DomainAdmins.ofAccount(access, account))
            .containsExactlyInAnyOrder(new MailAddress("owner@a.example"), new MailAddress("admin@a.example"));
        access.ownership().assign(DomainName.of("a.example"), account);
        assertThat(DomainAdmins.of(access, DomainName.of("a.example")))
            .containsExactlyInAnyOrder(new MailAddress("owner@a.example"), new MailAddress("admin@a.example"));
    }

    private static void member(MemoryAccessStores access, AccessId account, String email, Role role) {
        AccessId member = AccessId.generate("mem");
        access.members().create(new Member(member, email, "", Optional.empty(), true, Optional.empty(), Instant.EPOCH));
        access.members().putMembership(new Membership(account, member, role, Map.of()));
    }
}
