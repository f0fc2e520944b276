package io.smtpy.access.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.ApiKey;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.dkim.PrivateKeyCipher;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;
import io.smtpy.core.testing.MovableClock;

class AccessServiceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PASSWORD = "owner-password-1";
    private static final String OTHER_PASSWORD = "another-password-2";
    private static final InetAddress SOURCE = ip("192.0.2.1");
    private static final DomainName A_COM = DomainName.of("a.com");
    private static final DomainName B_COM = DomainName.of("b.com");

    /** Keeps the tokens the service mails, as the recipient would read them. */
    private static final class RecordingMailer implements AccessMailer {
        private final List<String> invitations = new ArrayList<>();
        private final List<String> verifications = new ArrayList<>();
        private final List<String> resets = new ArrayList<>();

        @Override
        public void invitation(Invitation invitation, Account account, String token) {
            invitations.add(token);
        }

        @Override
        public void emailVerification(Member member, String token) {
            verifications.add(token);
        }

        @Override
        public void passwordReset(Member member, String token) {
            resets.add(token);
        }

        String lastInvitation() {
            return invitations.get(invitations.size() - 1);
        }

        String lastReset() {
            return resets.get(resets.size() - 1);
        }
    }

    private final MovableClock clock = new MovableClock(T0);
    private final MemoryAccessStores stores = new MemoryAccessStores();
    private final Authenticator authenticator = new Authenticator(stores, Optional.empty(),
        new AttemptThrottle(clock, 1000, 1000, Duration.ofMinutes(15)), clock);
    private final RecordingMailer mailer = new RecordingMailer();
    private final AccessService service = new AccessService(stores, new PasswordHashing(1024, 1, 1), authenticator, mailer,
        new CipherSecretSeal(new PrivateKeyCipher(new byte[32])), clock);
    private final AccessId acme = service.createAccount("Acme").id();
    private final AccessId owner = addMember("owner@example.com", Role.OWNER, Map.of());

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private AccessId addMember(String email, Role role, Map<DomainName, Role> domainRoles) {
        return service.addMemberWithPassword(acme, email, "", PASSWORD, role, domainRoles, Principal.operator()).member();
    }

    /** The member as the guard would see them on their next request. */
    private Principal principalOf(AccessId member) {
        return Principal.member(service.member(member), AccessId.of("ses_test"), stores.members().membershipsOfMember(member));
    }

    private Role roleOf(AccessId member) {
        return stores.members().membership(acme, member).orElseThrow().role();
    }

    private AccessService.Login login(String email, String password) {
        return service.login(email, password, Optional.empty(), SOURCE, "test");
    }

    private AccessService.IssuedKey createKey(Set<Permission> permissions, Set<DomainName> domains, Principal by) {
        return service.createKey(acme, "ci", permissions, domains, Optional.empty(), List.of(), by);
    }

    private static void assertForbidden(Throwable thrown) {
        assertThat(thrown).isInstanceOfSatisfying(AccessDeniedException.class,
            e -> assertThat(e.reason()).isEqualTo(AccessDeniedException.Reason.FORBIDDEN));
    }

    private static void assertInvalidField(Throwable thrown, String field) {
        assertThat(thrown).isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Nested
    class Owners {
        @Test
        void theOnlyOwnerShouldNotBeDemoted() {
            assertInvalidField(catchThrowable(() -> service.changeRole(acme, owner, Role.ADMIN, Map.of(), Principal.operator())),
                "role");
            assertThat(roleOf(owner)).isEqualTo(Role.OWNER);
        }

        @Test
        void theOnlyOwnerShouldNotBeRemoved() {
            assertInvalidField(catchThrowable(() -> service.removeMember(acme, owner, Principal.operator())), "role");
            assertThat(stores.members().membership(acme, owner)).isPresent();
        }

        @Test
        void anOwnerShouldBeDemotedWhileAnotherOwnerRemains() {
            addMember("second@example.com", Role.OWNER, Map.of());

            service.changeRole(acme, owner, Role.ADMIN, Map.of(), principalOf(owner));

            assertThat(roleOf(owner)).isEqualTo(Role.ADMIN);
        }

        @Test
        void anOwnerShouldBeRemovedWhileAnotherOwnerRemains() {
            AccessId second = addMember("second@example.com", Role.OWNER, Map.of());

            service.removeMember(acme, owner, principalOf(second));

            assertThat(stores.members().membership(acme, owner)).isEmpty();
        }

        @Test
        void anOwnerShouldGrantTheOwnerRole() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());

            service.changeRole(acme, admin, Role.OWNER, Map.of(), principalOf(owner));

            assertThat(roleOf(admin)).isEqualTo(Role.OWNER);
        }

        @Test
        void anAdminShouldNotGrantTheOwnerRole() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());

            assertForbidden(catchThrowable(() -> service.changeRole(acme, admin, Role.OWNER, Map.of(), principalOf(admin))));
            assertThat(roleOf(admin)).isEqualTo(Role.ADMIN);
        }

        @Test
        void anAdminShouldNotGrantTheOwnerRoleOnADomain() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());
            AccessId member = addMember("member@example.com", Role.MEMBER, Map.of());

            assertForbidden(catchThrowable(() ->
                service.changeRole(acme, member, Role.MEMBER, Map.of(A_COM, Role.OWNER), principalOf(admin))));
        }

        @Test
        void anAdminShouldNotDemoteAnOwner() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());
            addMember("second@example.com", Role.OWNER, Map.of());

            assertForbidden(catchThrowable(() -> service.changeRole(acme, owner, Role.READ_ONLY, Map.of(), principalOf(admin))));
            assertThat(roleOf(owner)).isEqualTo(Role.OWNER);
        }

        @Test
        void anAdminShouldNotRemoveAnOwner() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());
            addMember("second@example.com", Role.OWNER, Map.of());

            assertForbidden(catchThrowable(() -> service.removeMember(acme, owner, principalOf(admin))));
            assertThat(stores.members().membership(acme, owner)).isPresent();
        }

        @Test
        void anAdminShouldNotInviteAnOwner() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());

            assertForbidden(catchThrowable(() -> service.invite(acme, "new@example.com", Role.OWNER, principalOf(admin))));
            assertThat(mailer.invitations).isEmpty();
        }

        @Test
        void anAdminShouldNotAddAnOwner() {
            AccessId admin = addMember("admin@example.com", Role.ADMIN, Map.of());

            assertForbidden(catchThrowable(() -> service.addMemberWithPassword(acme, "new@example.com", "", PASSWORD, Role.OWNER,
                Map.of(), principalOf(admin))));
        }
    }

    @Nested
    class Keys {
        @Test
        void aKeyShouldCarryTheSubsetOfItsCreatorsPermissionsItWasGiven() {
            AccessId member = addMember("member@example.com", Role.MEMBER, Map.of());

            ApiKey key = createKey(EnumSet.of(Permission.ALIASES_READ), Set.of(), principalOf(member)).key();

            assertThat(key.permissions()).containsExactly(Permission.ALIASES_READ);
            assertThat(key.createdBy()).isEqualTo("member:" + member.asString());
        }

        @Test
        void aKeyShouldNotCarryMoreThanItsCreatorMayDo() {
            AccessId member = addMember("member@example.com", Role.MEMBER, Map.of());

            assertInvalidField(catchThrowable(() ->
                createKey(EnumSet.of(Permission.ALIASES_READ, Permission.KEYS_MANAGE), Set.of(), principalOf(member))), "permissions");
            assertThat(stores.keys().ofAccount(acme)).isEmpty();
        }

        @Test
        void aKeyCreatedByAKeyShouldNotCarryMoreThanTheCreatingKey() {
            Principal creator = Principal.key(createKey(EnumSet.of(Permission.KEYS_MANAGE, Permission.ALIASES_READ), Set.of(),
                principalOf(owner)).key());

            assertInvalidField(catchThrowable(() -> createKey(EnumSet.of(Permission.ALIASES_WRITE), Set.of(), creator)),
                "permissions");
        }

        @Test
        void aKeyLimitedToADomainShouldNotCarryAccountWidePermissions() {
            stores.ownership().assign(A_COM, acme);

            assertInvalidField(catchThrowable(() -> createKey(EnumSet.of(Permission.KEYS_MANAGE, Permission.ALIASES_READ), Set.of(A_COM),
                principalOf(owner))), "permissions");
        }

        @Test
        void aKeyLimitedToADomainShouldHoldNoAccountWidePermissionEvenIfStoredWithOne() {
            stores.ownership().assign(A_COM, acme);
            ApiKey stored = new ApiKey(AccessId.of("key_legacy"), acme, "legacy", "h", EnumSet.of(Permission.KEYS_MANAGE,
                Permission.ALIASES_READ), Set.of(A_COM), Optional.empty(), List.of(), "operator", T0, Optional.empty(),
                Optional.empty(), Optional.empty());

            assertThat(Principal.key(stored).permissions(acme, Optional.empty())).containsExactly(Permission.ALIASES_READ);
        }

        @Test
        void aDomainAdminShouldCreateAKeyWithTheirDomainPermissionsForThatDomain() {
            stores.ownership().assign(A_COM, acme);
            AccessId member = addMember("member@example.com", Role.READ_ONLY, Map.of(A_COM, Role.ADMIN));

            ApiKey key = createKey(EnumSet.of(Permission.ALIASES_WRITE), Set.of(A_COM), principalOf(member)).key();

            assertThat(key.permissions()).containsExactly(Permission.ALIASES_WRITE);
        }

        @Test
        void aDomainAdminShouldNotCreateAnAccountWideKeyWithTheirDomainPermissions() {
            stores.ownership().assign(A_COM, acme);
            AccessId member = addMember("member@example.com", Role.READ_ONLY, Map.of(A_COM, Role.ADMIN));

            assertInvalidField(catchThrowable(() -> createKey(EnumSet.of(Permission.ALIASES_WRITE), Set.of(), principalOf(member))),
                "permissions");
        }

        @Test
        void aDomainAdminShouldNotCreateAKeyWithAccountWidePermissionsTheirAccountRoleLacks() {
            stores.ownership().assign(A_COM, acme);
            AccessId member = addMember("member@example.com", Role.READ_ONLY, Map.of(A_COM, Role.ADMIN));

            assertInvalidField(catchThrowable(() ->
                createKey(EnumSet.of(Permission.MEMBERS_MANAGE), Set.of(A_COM), principalOf(member))), "permissions");
        }

        @Test
        void aDomainAdminShouldCreateAKeyWithTheDomainPermissionsOfTheirDomainRole() {
            stores.ownership().assign(A_COM, acme);
            AccessId member = addMember("member@example.com", Role.READ_ONLY, Map.of(A_COM, Role.ADMIN));

            assertThat(createKey(EnumSet.of(Permission.ALIASES_WRITE, Permission.DOMAINS_WRITE), Set.of(A_COM), principalOf(member))
                .key().permissions()).containsExactlyInAnyOrder(Permission.ALIASES_WRITE, Permission.DOMAINS_WRITE);
        }

        @Test
        void aKeyShouldNotBeLimitedToADomainOfAnotherAccount() {
            stores.ownership().assign(A_COM, service.createAccount("Globex").id());

            assertInvalidField(catchThrowable(() -> createKey(EnumSet.of(Permission.ALIASES_READ), Set.of(A_COM), principalOf(owner))),
                "domains");
        }

        @Test
        void anIssuedKeyShouldAuthenticate() {
            AccessService.IssuedKey issued = createKey(EnumSet.of(Permission.ALIASES_READ), Set.of(), principalOf(owner));

            Principal principal = authenticator.authenticate(Optional.of("Bearer " + issued.secret()), SOURCE);

            assertThat(principal.asKey().map(ApiKey::id)).contains(issued.key().id());
        }
    }

    @Nested
    class Invitations {
        @Test
        void acceptingShouldCreateTheMemberWithExactlyTheInvitedRole() {
            service.invite(acme, "New@Example.com", Role.BILLING, principalOf(owner));

            Membership membership = service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New");

            Member created = service.member(membership.member());
            assertThat(created.email()).isEqualTo("new@example.com");
            assertThat(created.emailVerified()).isTrue();
            assertThat(membership.account()).isEqualTo(acme);
            assertThat(membership.role()).isEqualTo(Role.BILLING);
            assertThat(membership.domainRoles()).isEmpty();
            assertThat(stores.members().membership(acme, created.id())).contains(membership);
        }

        @Test
        void theAcceptedMemberShouldLogInWithTheChosenPassword() {
            service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New");

            assertThat(login("new@example.com", OTHER_PASSWORD).member().email()).isEqualTo("new@example.com");
        }

        @Test
        void anInvitationShouldBeAcceptedOnlyOnce() {
            Invitation invitation = service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New");

            assertThatThrownBy(() -> service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
            assertThat(service.invitation(acme, invitation.id()).state()).isEqualTo(Invitation.State.ACCEPTED);
        }

        @Test
        void aRevokedInvitationShouldNotBeAccepted() {
            Invitation invitation = service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            service.revokeInvitation(acme, invitation.id());

            assertThatThrownBy(() -> service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
            assertThat(stores.members().byEmail("new@example.com")).isEmpty();
        }

        @Test
        void anExpiredInvitationShouldNotBeAccepted() {
            service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            clock.moveBy(AccessService.INVITATION_LIFETIME);

            assertThatThrownBy(() -> service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
        }

        @Test
        void aDeclinedInvitationShouldNotBeAccepted() {
            service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            service.declineInvitation(mailer.lastInvitation());

            assertThatThrownBy(() -> service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
        }

        @Test
        void resendingShouldInvalidateTheEarlierLink() {
            Invitation invitation = service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            String first = mailer.lastInvitation();

            service.resendInvitation(acme, invitation.id());

            assertThat(mailer.lastInvitation()).isNotEqualTo(first);
            assertThatThrownBy(() -> service.acceptInvitation(first, Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
        }

        @Test
        void resendingShouldMailALinkThatWorks() {
            Invitation invitation = service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            clock.moveBy(AccessService.INVITATION_LIFETIME.minusHours(1));
            service.resendInvitation(acme, invitation.id());
            clock.moveBy(Duration.ofDays(1));

            Membership membership = service.acceptInvitation(mailer.lastInvitation(), Optional.of(OTHER_PASSWORD), "New");

            assertThat(membership.role()).isEqualTo(Role.MEMBER);
        }

        @Test
        void acceptingShouldNotDemoteSomeoneWhoBecameAnOwnerSinceTheInvitation() {
            service.invite(acme, "new@example.com", Role.READ_ONLY, principalOf(owner));
            AccessId promoted = addMember("new@example.com", Role.OWNER, Map.of());
            service.removeMember(acme, owner, Principal.operator());

            catchThrowable(() -> service.acceptInvitation(mailer.lastInvitation(), Optional.empty(), "New"));

            assertThat(roleOf(promoted)).isEqualTo(Role.OWNER);
        }

        @Test
        void anInvitationTokenWithAWrongSecretShouldNotBeAccepted() {
            service.invite(acme, "new@example.com", Role.MEMBER, principalOf(owner));
            String token = mailer.lastInvitation();
            String forged = token.substring(0, token.lastIndexOf('_') + 1) + "0".repeat(64);

            assertThatThrownBy(() -> service.acceptInvitation(forged, Optional.of(OTHER_PASSWORD), "New"))
                .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Logins {
        @Test
        void theRightPasswordShouldOpenASessionWhoseTokenAuthenticates() {
            AccessService.Login login = login("OWNER@example.com", PASSWORD);

            Principal principal = authenticator.authenticate(Optional.of("Bearer " + login.token()), SOURCE);

            assertThat(principal.asMember().map(Member::id)).contains(owner);
            assertThat(login.session().expiresAt()).isEqualTo(T0.plus(AccessService.SESSION_LIFETIME));
        }

        @Test
        void anUnknownAddressAndAWrongPasswordShouldBeRefusedAlike() {
            Throwable unknown = catchThrowable(() -> login("nobody@example.com", PASSWORD));
            Throwable wrong = catchThrowable(() -> login("owner@example.com", OTHER_PASSWORD));

            assertThat(unknown).isInstanceOf(AccessDeniedException.class);
            assertThat(wrong).isExactlyInstanceOf(unknown.getClass()).hasMessage(unknown.getMessage());
            assertThat(((AccessDeniedException) wrong).reason()).isEqualTo(((AccessDeniedException) unknown).reason())
                .isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
        }

        @Test
        void aWrongPasswordShouldBeRecordedUnderTheMembersAccount() {
            catchThrowable(() -> login("owner@example.com", OTHER_PASSWORD));

            assertThat(stores.failedAttempts().recent(acme, 10)).singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.credential()).isEqualTo("member:owner@example.com");
                    assertThat(attempt.toString()).doesNotContain(OTHER_PASSWORD);
                });
        }

        @Test
        void aMemberWithoutAPasswordShouldNotLogIn() {
            Member passwordless = new Member(AccessId.of("mem_nopassword"), "nopassword@example.com", "", Optional.empty(), true,
                Optional.empty(), T0);
            stores.members().create(passwordless);

            assertThatThrownBy(() -> login("nopassword@example.com", "decoy-password-for-timing"))
                .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Nested
    class PasswordResets {
        @Test
        void resettingShouldEndEverySessionOfTheMember() {
            String first = login("owner@example.com", PASSWORD).token();
            login("owner@example.com", PASSWORD);
            service.requestPasswordReset("owner@example.com", SOURCE);

            service.resetPassword(mailer.lastReset(), OTHER_PASSWORD);

            assertThat(service.sessionsOf(owner)).isEmpty();
            assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + first), SOURCE))
                .isInstanceOf(AccessDeniedException.class);
        }

        @Test
        void theNewPasswordShouldWorkAndTheOldOneNot() {
            service.requestPasswordReset("owner@example.com", SOURCE);

            service.resetPassword(mailer.lastReset(), OTHER_PASSWORD);

            assertThat(login("owner@example.com", OTHER_PASSWORD).member().id()).isEqualTo(owner);
            assertThatThrownBy(() -> login("owner@example.com", PASSWORD)).isInstanceOf(AccessDeniedException.class);
        }

        @Test
        void aResetLinkShouldWorkOnce() {
            service.requestPasswordReset("owner@example.com", SOURCE);
            service.resetPassword(mailer.lastReset(), OTHER_PASSWORD);

            assertThatThrownBy(() -> service.resetPassword(mailer.lastReset(), "third-password-3"))
                .isInstanceOf(NotFoundException.class);
        }

        @Test
        void aResetLinkShouldExpire() {
            service.requestPasswordReset("owner@example.com", SOURCE);
            clock.moveBy(AccessService.PASSWORD_RESET_LIFETIME);

            assertThatThrownBy(() -> service.resetPassword(mailer.lastReset(), OTHER_PASSWORD))
                .isInstanceOf(NotFoundException.class);
        }

        @Test
        void aResetForAnUnknownAddressShouldMailNothingAndSayNothing() {
            service.requestPasswordReset("nobody@example.com", SOURCE);

            assertThat(mailer.resets).isEmpty();
        }
    }

    @Nested
    class SecondFactor {
        private List<String> enrol() {
            String secret = service.startTotpEnrolment(service.member(owner), PASSWORD);
            return service.confirmTotp(service.member(owner), Totp.code(secret, clock.instant()));
        }

        private String enrolledSecret() {
            String secret = service.startTotpEnrolment(service.member(owner), PASSWORD);
            service.confirmTotp(service.member(owner), Totp.code(secret, clock.instant()));
            return secret;
        }

        private AccessService.Login loginWith(String code) {
            return service.login("owner@example.com", PASSWORD, Optional.ofNullable(code), SOURCE, "test");
        }

        @Test
        void confirmingShouldReturnTenDistinctRecoveryCodes() {
            assertThat(enrol()).hasSize(AccessService.RECOVERY_CODES).doesNotHaveDuplicates();
        }

        @Test
        void theSecretShouldBeStoredSealed() {
            String secret = enrolledSecret();

            assertThat(service.member(owner).totpSecret()).hasValueSatisfying(stored -> assertThat(stored).doesNotContain(secret));
        }

        @Test
        void enrolmentShouldNeedTheMembersPassword() {
            assertInvalidField(catchThrowable(() -> service.startTotpEnrolment(service.member(owner), OTHER_PASSWORD)), "password");
        }

        @Test
        void confirmingWithAWrongCodeShouldNotEnrol() {
            String secret = service.startTotpEnrolment(service.member(owner), PASSWORD);
            String wrong = Totp.code(secret, clock.instant().plus(Duration.ofMinutes(5)));

            assertInvalidField(catchThrowable(() -> service.confirmTotp(service.member(owner), wrong)), "code");
            assertThat(service.member(owner).totpSecret()).isEmpty();
        }

        @Test
        void anEnrolledMemberShouldNotLogInWithThePasswordAlone() {
            enrol();

            assertThatThrownBy(() -> loginWith(null)).isInstanceOf(AccessDeniedException.class);
        }

        @Test
        void anEnrolledMemberShouldLogInWithACurrentCode() {
            String secret = enrolledSecret();
            clock.moveBy(Duration.ofMinutes(3));

            assertThat(loginWith(Totp.code(secret, clock.instant())).member().id()).isEqualTo(owner);
        }

        @Test
        void anEnrolledMemberShouldNotLogInWithAStaleCode() {
            String secret = enrolledSecret();
            String stale = Totp.code(secret, clock.instant());
            clock.moveBy(Duration.ofMinutes(3));

            assertThatThrownBy(() -> loginWith(stale)).isInstanceOf(AccessDeniedException.class);
        }

        @Test
        void aRecoveryCodeShouldStandInForTheSecondFactorOnce() {
            String code = enrol().get(3);

            assertThat(loginWith(code).member().id()).isEqualTo(owner);
            assertThatThrownBy(() -> loginWith(code)).isInstanceOf(AccessDeniedException.class);
        }

        @Test
        void usingOneRecoveryCodeShouldLeaveTheOthersUsable() {
            List<String> codes = enrol();
            loginWith(codes.get(0));

            assertThat(loginWith(codes.get(1)).member().id()).isEqualTo(owner);
        }

        @Test
        void removingTheSecondFactorShouldNeedACodeAndLetThePasswordAloneWorkAgain() {
            List<String> codes = enrol();

            service.removeTotp(service.member(owner), codes.get(0));

            assertThat(service.member(owner).totpSecret()).isEmpty();
            assertThat(loginWith(null).member().id()).isEqualTo(owner);
        }
    }

    @Nested
    class AccountDeletion {
        @Test
        void anAccountThatOwnsDomainsShouldNotBeDeleted() {
            stores.ownership().assign(A_COM, acme);

            assertThatThrownBy(() -> service.deleteAccount(acme)).isInstanceOf(AlreadyExistsException.class);
            assertThat(stores.accounts().get(acme)).isPresent();
            assertThat(stores.members().membership(acme, owner)).isPresent();
        }

        @Test
        void anAccountWithoutDomainsShouldBeDeletedWithItsMembershipsAndKeys() {
            stores.ownership().assign(A_COM, acme);
            stores.ownership().release(A_COM);
            ApiKey key = createKey(EnumSet.of(Permission.ALIASES_READ), Set.of(), principalOf(owner)).key();

            service.deleteAccount(acme);

            assertThat(stores.accounts().get(acme)).isEmpty();
            assertThat(stores.members().membershipsOfAccount(acme)).isEmpty();
            assertThat(stores.keys().get(key.id()).orElseThrow().revokedAt()).isPresent();
        }

        @Test
        void theDefaultAccountShouldNotBeDeleted() {
            service.ensureDefaultAccount();

            assertInvalidField(catchThrowable(() -> service.deleteAccount(Account.DEFAULT_ID)), "account");
        }
    }
}
