package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Role;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * What every {@link MemberRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface MemberRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId JANE = AccessId.of("mem_jane");
    AccessId JOHN = AccessId.of("mem_john");
    AccessId ZOE = AccessId.of("mem_zoe");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");
    AccessId GAMMA = AccessId.of("acc_gamma");

    MemberRepository testee();

    static Member member(AccessId id, String email) {
        return new Member(id, email, "", Optional.empty(), false, Optional.empty(), T0);
    }

    static Member richMember(AccessId id, String email) {
        return new Member(id, email, "Jane Dœ", Optional.of("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA"), true,
            Optional.of("sealed-totp-secret"), T0.plusMillis(42));
    }

    static Membership membership(AccessId account, AccessId member, Role role) {
        return new Membership(account, member, role, Map.of());
    }

    @Test
    default void createdMemberShouldBeFound() {
        testee().create(member(JANE, "jane@example.com"));

        assertThat(testee().get(JANE)).contains(member(JANE, "jane@example.com"));
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        testee().create(richMember(JANE, "jane@example.com"));

        Member found = testee().get(JANE).orElseThrow();
        assertThat(found).isEqualTo(richMember(JANE, "jane@example.com"));
        assertThat(found.displayName()).isEqualTo("Jane Dœ");
        assertThat(found.passwordHash()).contains("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA");
        assertThat(found.emailVerified()).isTrue();
        assertThat(found.totpSecret()).contains("sealed-totp-secret");
        assertThat(found.createdAt()).isEqualTo(T0.plusMillis(42));
    }

    @Test
    default void unknownMemberShouldNotBeFound() {
        assertThat(testee().get(JANE)).isEmpty();
        assertThat(testee().byEmail("jane@example.com")).isEmpty();
    }

    @Test
    default void memberShouldBeFoundByAddressWhateverItsCase() {
        testee().create(member(JANE, "Jane.Doe@Example.COM"));

        assertThat(testee().byEmail("jane.doe@example.com")).contains(member(JANE, "jane.doe@example.com"));
        assertThat(testee().byEmail("JANE.DOE@EXAMPLE.COM")).map(Member::id).contains(JANE);
    }

    @Test
    default void createShouldRefuseAnAddressTakenInAnotherCase() {
        testee().create(member(JANE, "jane@example.com"));

        assertThatThrownBy(() -> testee().create(member(JOHN, "JANE@Example.com"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(JOHN)).isEmpty();
        assertThat(testee().byEmail("jane@example.com")).map(Member::id).contains(JANE);
    }

    @Test
    default void createShouldRefuseATakenId() {
        testee().create(member(JANE, "jane@example.com"));

        assertThatThrownBy(() -> testee().create(member(JANE, "other@example.com"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(JANE)).contains(member(JANE, "jane@example.com"));
        assertThat(testee().byEmail("other@example.com")).isEmpty();
    }

    @Test
    default void updateShouldReplaceTheMember() {
        testee().create(member(JANE, "jane@example.com"));
        Member changed = member(JANE, "jane@example.com").withPasswordHash("new-hash").withEmailVerified(true)
            .withTotpSecret(Optional.of("sealed")).withDisplayName("Jane");

        testee().update(changed);

        assertThat(testee().get(JANE)).contains(changed);
        assertThat(testee().byEmail("jane@example.com")).contains(changed);
    }

    @Test
    default void updateShouldClearOptionalFields() {
        testee().create(richMember(JANE, "jane@example.com"));

        testee().update(richMember(JANE, "jane@example.com").withTotpSecret(Optional.empty()));

        assertThat(testee().get(JANE).orElseThrow().totpSecret()).isEmpty();
    }

    @Test
    default void updateMayChangeTheAddress() {
        testee().create(member(JANE, "jane@example.com"));

        testee().update(member(JANE, "jane@new.example"));

        assertThat(testee().byEmail("jane@new.example")).map(Member::id).contains(JANE);
        assertThat(testee().byEmail("jane@example.com")).isEmpty();
    }

    @Test
    default void updateShouldRefuseAnAddressTakenByAnotherMember() {
        testee().create(member(JANE, "jane@example.com"));
        testee().create(member(JOHN, "john@example.com"));

        assertThatThrownBy(() -> testee().update(member(JOHN, "Jane@example.com"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(JOHN)).contains(member(JOHN, "john@example.com"));
        assertThat(testee().byEmail("jane@example.com")).map(Member::id).contains(JANE);
    }

    @Test
    default void updateOfAnUnknownMemberShouldFail() {
        assertThatThrownBy(() -> testee().update(member(JANE, "jane@example.com"))).isInstanceOf(NotFoundException.class);
        assertThat(testee().get(JANE)).isEmpty();
    }

    @Test
    default void membershipShouldRoundTripWithItsDomainRoles() {
        Membership membership = new Membership(ACME, JANE, Role.READ_ONLY, Map.of(
            DomainName.of("a.example"), Role.ADMIN, DomainName.of("b.example"), Role.MEMBER,
            DomainName.of("c.example"), Role.BILLING));

        testee().putMembership(membership);

        assertThat(testee().membership(ACME, JANE)).contains(membership);
        assertThat(testee().membership(ACME, JANE).orElseThrow().domainRoles())
            .containsEntry(DomainName.of("a.example"), Role.ADMIN)
            .containsEntry(DomainName.of("b.example"), Role.MEMBER)
            .containsEntry(DomainName.of("c.example"), Role.BILLING)
            .hasSize(3);
    }

    @Test
    default void everyRoleShouldRoundTrip() {
        AccessId[] accounts = {AccessId.of("acc_a"), AccessId.of("acc_b"), AccessId.of("acc_c"), AccessId.of("acc_d"), AccessId.of("acc_e")};
        Role[] roles = Role.values();
        for (int i = 0; i < roles.length; i++) {
            testee().putMembership(membership(accounts[i], JANE, roles[i]));
        }

        assertThat(testee().membershipsOfMember(JANE)).extracting(Membership::role).containsExactly(roles);
    }

    @Test
    default void unknownMembershipShouldNotBeFound() {
        testee().putMembership(membership(ACME, JANE, Role.OWNER));

        assertThat(testee().membership(ACME, JOHN)).isEmpty();
        assertThat(testee().membership(BETA, JANE)).isEmpty();
    }

    @Test
    default void putMembershipShouldReplaceTheMembersRoleInThatAccount() {
        testee().putMembership(membership(ACME, JANE, Role.MEMBER));
        Membership promoted = membership(ACME, JANE, Role.MEMBER).withRole(Role.ADMIN, Map.of(DomainName.of("a.example"), Role.OWNER));

        testee().putMembership(promoted);

        assertThat(testee().membership(ACME, JANE)).contains(promoted);
        assertThat(testee().membershipsOfAccount(ACME)).containsExactly(promoted);
    }

    @Test
    default void putMembershipShouldClearDomainRoles() {
        testee().putMembership(new Membership(ACME, JANE, Role.MEMBER, Map.of(DomainName.of("a.example"), Role.ADMIN)));

        testee().putMembership(membership(ACME, JANE, Role.MEMBER));

        assertThat(testee().membership(ACME, JANE).orElseThrow().domainRoles()).isEmpty();
    }

    @Test
    default void removeMembershipShouldRemoveOnlyThatMembership() {
        testee().putMembership(membership(ACME, JANE, Role.OWNER));
        testee().putMembership(membership(ACME, JOHN, Role.MEMBER));
        testee().putMembership(membership(BETA, JANE, Role.ADMIN));

        assertThat(testee().removeMembership(ACME, JANE)).isTrue();

        assertThat(testee().membership(ACME, JANE)).isEmpty();
        assertThat(testee().membershipsOfAccount(ACME)).extracting(Membership::member).containsExactly(JOHN);
        assertThat(testee().membershipsOfMember(JANE)).extracting(Membership::account).containsExactly(BETA);
    }

    @Test
    default void removeOfAnUnknownMembershipShouldSayNothingWasRemoved() {
        testee().putMembership(membership(ACME, JANE, Role.OWNER));

        assertThat(testee().removeMembership(ACME, JOHN)).isFalse();
        assertThat(testee().removeMembership(BETA, JANE)).isFalse();
    }

    @Test
    default void membershipsOfAccountShouldBeThatAccountsByMemberId() {
        testee().putMembership(membership(ACME, ZOE, Role.MEMBER));
        testee().putMembership(membership(ACME, JANE, Role.OWNER));
        testee().putMembership(membership(BETA, JOHN, Role.OWNER));
        testee().putMembership(membership(ACME, JOHN, Role.READ_ONLY));

        assertThat(testee().membershipsOfAccount(ACME)).containsExactly(
            membership(ACME, JANE, Role.OWNER), membership(ACME, JOHN, Role.READ_ONLY), membership(ACME, ZOE, Role.MEMBER));
        assertThat(testee().membershipsOfAccount(GAMMA)).isEmpty();
    }

    @Test
    default void membershipsOfMemberShouldBeThatMembersByAccountId() {
        testee().putMembership(membership(GAMMA, JANE, Role.MEMBER));
        testee().putMembership(membership(ACME, JANE, Role.OWNER));
        testee().putMembership(membership(ACME, JOHN, Role.OWNER));
        testee().putMembership(membership(BETA, JANE, Role.BILLING));

        assertThat(testee().membershipsOfMember(JANE)).containsExactly(
            membership(ACME, JANE, Role.OWNER), membership(BETA, JANE, Role.BILLING), membership(GAMMA, JANE, Role.MEMBER));
        assertThat(testee().membershipsOfMember(ZOE)).isEmpty();
    }
}
