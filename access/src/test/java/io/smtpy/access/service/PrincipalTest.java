package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.core.model.DomainName;

class PrincipalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccessId ACME = AccessId.of("acc_acme");
    private static final AccessId GLOBEX = AccessId.of("acc_globex");
    private static final DomainName A_COM = DomainName.of("a.com");
    private static final DomainName B_COM = DomainName.of("b.com");
    private static final Member JANE = new Member(AccessId.of("mem_jane"), "jane@example.com", "Jane", Optional.empty(), true,
        Optional.empty(), T0);

    private static Principal jane(Membership... memberships) {
        return Principal.member(JANE, AccessId.of("ses_one"), List.of(memberships));
    }

    private static ApiKey key(Set<Permission> permissions, Set<DomainName> domains) {
        return new ApiKey(AccessId.of("key_one"), ACME, "ci", "hash", permissions, domains, Optional.empty(), List.of(),
            "member:mem_jane", T0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void theOperatorShouldReachEveryAccountAndDomain() {
        Principal operator = Principal.operator();

        assertThat(operator.isOperator()).isTrue();
        assertThat(operator.reaches(ACME, Optional.empty())).isTrue();
        assertThat(operator.reaches(GLOBEX, Optional.of(A_COM))).isTrue();
    }

    @Test
    void theOperatorShouldHoldEveryPermissionEverywhere() {
        assertThat(Principal.operator().permissions(GLOBEX, Optional.of(B_COM))).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(Principal.operator().may(Permission.ACCOUNT_MANAGE, ACME, Optional.empty())).isTrue();
    }

    @Test
    void theOperatorShouldBeNamedOperatorInTheAuditLog() {
        assertThat(Principal.operator().actor()).isEqualTo("operator");
    }

    @Test
    void aMemberShouldHoldTheirAccountRolesPermissionsAccountWide() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.MEMBER, Map.of()));

        assertThat(member.permissions(ACME, Optional.empty())).isEqualTo(Role.MEMBER.permissions());
        assertThat(member.may(Permission.ALIASES_WRITE, ACME, Optional.empty())).isTrue();
        assertThat(member.may(Permission.KEYS_MANAGE, ACME, Optional.empty())).isFalse();
    }

    @Test
    void aMemberShouldHoldTheirRolesPermissionsPerAccount() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.OWNER, Map.of()),
            new Membership(GLOBEX, JANE.id(), Role.READ_ONLY, Map.of()));

        assertThat(member.may(Permission.ACCOUNT_MANAGE, ACME, Optional.empty())).isTrue();
        assertThat(member.may(Permission.ACCOUNT_MANAGE, GLOBEX, Optional.empty())).isFalse();
        assertThat(member.may(Permission.DOMAINS_READ, GLOBEX, Optional.empty())).isTrue();
    }

    @Test
    void aMemberShouldReachOnlyTheirAccounts() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.OWNER, Map.of()));

        assertThat(member.reaches(ACME, Optional.of(A_COM))).isTrue();
        assertThat(member.reaches(GLOBEX, Optional.empty())).isFalse();
        assertThat(member.permissions(GLOBEX, Optional.empty())).isEmpty();
        assertThat(member.accounts()).containsExactly(ACME);
    }

    @Test
    void aDomainRoleShouldWidenTheMembersPermissionsOnThatDomainOnly() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.READ_ONLY, Map.of(A_COM, Role.ADMIN)));

        assertThat(member.may(Permission.DOMAINS_WRITE, ACME, Optional.of(A_COM))).isTrue();
        assertThat(member.may(Permission.ALIASES_WRITE, ACME, Optional.of(A_COM))).isTrue();
        assertThat(member.may(Permission.DOMAINS_WRITE, ACME, Optional.of(B_COM))).isFalse();
        assertThat(member.may(Permission.ALIASES_WRITE, ACME, Optional.empty())).isFalse();
    }

    @Test
    void aMemberWithADomainRoleShouldKeepTheAccountRoleElsewhere() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.READ_ONLY, Map.of(A_COM, Role.ADMIN)));

        assertThat(member.permissions(ACME, Optional.of(B_COM))).isEqualTo(Role.READ_ONLY.permissions());
        assertThat(member.permissions(ACME, Optional.empty())).isEqualTo(Role.READ_ONLY.permissions());
    }

    @Test
    void aDomainRoleShouldAlsoNarrowTheMembersPermissionsOnThatDomain() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.ADMIN, Map.of(A_COM, Role.READ_ONLY)));

        assertThat(member.may(Permission.ALIASES_WRITE, ACME, Optional.of(A_COM))).isFalse();
        assertThat(member.may(Permission.ALIASES_WRITE, ACME, Optional.of(B_COM))).isTrue();
    }

    @Test
    void aMemberShouldBeNamedByTheirIdAndCarryTheirSession() {
        Principal member = jane(new Membership(ACME, JANE.id(), Role.OWNER, Map.of()));

        assertThat(member.actor()).isEqualTo("member:mem_jane");
        assertThat(member.sessionId()).contains(AccessId.of("ses_one"));
        assertThat(member.asMember()).contains(JANE);
        assertThat(member.isOperator()).isFalse();
    }

    @Test
    void aKeyShouldHoldExactlyItsPermissionsInItsAccount() {
        Principal key = Principal.key(key(EnumSet.of(Permission.ALIASES_READ, Permission.EVENTS_READ), Set.of()));

        assertThat(key.permissions(ACME, Optional.empty())).containsExactlyInAnyOrder(Permission.ALIASES_READ, Permission.EVENTS_READ);
        assertThat(key.permissions(ACME, Optional.of(B_COM))).containsExactlyInAnyOrder(Permission.ALIASES_READ, Permission.EVENTS_READ);
    }

    @Test
    void aKeyShouldNotReachAnotherAccount() {
        Principal key = Principal.key(key(EnumSet.of(Permission.ALIASES_READ), Set.of()));

        assertThat(key.reaches(GLOBEX, Optional.empty())).isFalse();
        assertThat(key.permissions(GLOBEX, Optional.empty())).isEmpty();
        assertThat(key.accounts()).containsExactly(ACME);
    }

    @Test
    void aKeyLimitedToADomainShouldReachThatDomain() {
        Principal key = Principal.key(key(EnumSet.of(Permission.ALIASES_READ), Set.of(A_COM)));

        assertThat(key.reaches(ACME, Optional.of(A_COM))).isTrue();
        assertThat(key.may(Permission.ALIASES_READ, ACME, Optional.of(A_COM))).isTrue();
    }

    @Test
    void aKeyLimitedToADomainShouldNotReachOtherDomains() {
        Principal key = Principal.key(key(EnumSet.of(Permission.ALIASES_READ), Set.of(A_COM)));

        assertThat(key.reaches(ACME, Optional.of(B_COM))).isFalse();
        assertThat(key.permissions(ACME, Optional.of(B_COM))).isEmpty();
    }

    @Test
    void aKeyShouldBeNamedByItsId() {
        ApiKey stored = key(EnumSet.of(Permission.ALIASES_READ), Set.of());
        Principal key = Principal.key(stored);

        assertThat(key.actor()).isEqualTo("key:key_one");
        assertThat(key.asKey()).contains(stored);
        assertThat(key.asMember()).isEmpty();
    }
}
