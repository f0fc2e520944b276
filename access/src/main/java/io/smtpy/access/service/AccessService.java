package io.smtpy.access.service;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.access.ApiKey;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.Invitation;
import io.smtpy.access.Member;
import io.smtpy.access.MemberToken;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.Session;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * What accounts, members, invitations, keys and sessions can become, and the rules they keep: an account always
 * has an owner, only owners make or unmake owners, a key never carries more than its creator may do, a login
 * answers the same for an unknown address as for a wrong password. Who may call each operation is the guard's
 * business (the route's declared permission); this class checks what depends on the values.
 */
public final class AccessService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    public static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    public static final Duration EMAIL_VERIFICATION_LIFETIME = Duration.ofDays(2);
    public static final Duration PASSWORD_RESET_LIFETIME = Duration.ofHours(1);
    public static final int RECOVERY_CODES = 10;
    /** A hash of nothing anyone knows, checked for unknown addresses so a login takes as long either way. */
    private static final String DECOY_PASSWORD = "decoy-password-for-timing";

    /** A key and its secret, which is shown once. */
    public static final class IssuedKey {
        private final ApiKey key;
        private final String secret;

        IssuedKey(ApiKey key, String secret) {
            this.key = key;
            this.secret = secret;
        }

        public ApiKey key() {
            return key;
        }

        public String secret() {
            return secret;
        }
    }

    /** A session and its token, which is shown once. */
    public static final class Login {
        private final Session session;
        private final Member member;
        private final String token;

        Login(Session session, Member member, String token) {
            this.session = session;
            this.member = member;
            this.token = token;
        }

        public Session session() {
            return session;
        }

        public Member member() {
            return member;
        }

        public String token() {
            return token;
        }
    }

    private final AccessStores stores;
    private final PasswordHashing passwords;
    private final Authenticator authenticator;
    private final AccessMailer mailer;
    private final SecretSeal seal;
    private final Clock clock;
    private final String decoyHash;
    /** Second factors offered at enrolment, sealed, until confirmed with a code (then stored on the member). */
    private final Map<AccessId, String> pendingTotp = new java.util.concurrent.ConcurrentHashMap<>();

    public AccessService(AccessStores stores, PasswordHashing passwords, Authenticator authenticator, AccessMailer mailer,
                         SecretSeal seal, Clock clock) {
        this.seal = seal;
        this.stores = stores;
        this.passwords = passwords;
        this.authenticator = authenticator;
        this.mailer = mailer;
        this.clock = clock;
        this.decoyHash = passwords.hash(DECOY_PASSWORD);
    }

    public AccessStores stores() {
        return stores;
    }

    public Clock clock() {
        return clock;
    }

    // ---- accounts ------------------------------------------------------------------------------------------

    /** The operator's own account, where domains made before accounts existed belong; created once. */
    public Account ensureDefaultAccount() {
        return stores.accounts().get(Account.DEFAULT_ID).orElseGet(() -> {
            Account account = new Account(Account.DEFAULT_ID, "Operator", clock.instant(), Account.DEFAULT_AUDIT_RETENTION);
            try {
                stores.accounts().create(account);
            } catch (AlreadyExistsException e) {
                return stores.accounts().get(Account.DEFAULT_ID).orElseThrow();
            }
            return account;
        });
    }

    public Account createAccount(String name) {
        Account account = new Account(AccessId.generate("acc"), Account.checkName(name), clock.instant(), Account.DEFAULT_AUDIT_RETENTION);
        stores.accounts().create(account);
        return account;
    }

    public Account account(AccessId id) {
        return stores.accounts().get(id).orElseThrow(() -> new NotFoundException("account " + id + " does not exist"));
    }

    public List<Account> accountsOf(Principal principal) {
        if (principal.isOperator()) {
            return stores.accounts().list();
        }
        return principal.accounts().stream()
            .map(stores.accounts()::get)
            .flatMap(Optional::stream)
            .collect(Collectors.toList());
    }

    public Account updateAccount(AccessId id, Optional<String> name, Optional<Integer> auditRetentionDays) {
        Account account = account(id);
        if (name.isPresent()) {
            account = account.withName(name.get());
        }
        if (auditRetentionDays.isPresent()) {
            if (auditRetentionDays.get() < 1 || auditRetentionDays.get() > 3650) {
                throw new InvalidFieldException("auditRetentionDays", "'auditRetentionDays' must be 1 to 3650");
            }
            account = account.withAuditRetention(Duration.ofDays(auditRetentionDays.get()));
        }
        stores.accounts().update(account);
        return account;
    }

    /** Refused while the account owns domains: they would be left without an owner. */
    public void deleteAccount(AccessId id) {
        account(id);
        if (id.equals(Account.DEFAULT_ID)) {
            throw new InvalidFieldException("account", "the operator's default account cannot be deleted");
        }
        List<DomainName> domains = stores.ownership().domainsOf(id);
        if (!domains.isEmpty()) {
            throw new AlreadyExistsException("account " + id + " still owns " + domains.size() + " domain(s): delete or move them first");
        }
        for (Membership membership : stores.members().membershipsOfAccount(id)) {
            stores.members().removeMembership(id, membership.member());
        }
        for (ApiKey key : stores.keys().ofAccount(id)) {
            if (key.revokedAt().isEmpty()) {
                stores.keys().revoke(key.id(), clock.instant());
            }
        }
        stores.accounts().delete(id);
    }

    /** The account owning the domain: its entry, or the default account for domains older than accounts. */
    public AccessId ownerOf(DomainName domain) {
        return stores.ownership().owner(domain).orElse(Account.DEFAULT_ID);
    }

    // ---- members -------------------------------------------------------------------------------------------

    public List<Membership> memberships(AccessId account) {
        return stores.members().membershipsOfAccount(account);
    }

    public Member member(AccessId id) {
        return stores.members().get(id).orElseThrow(() -> new NotFoundException("member " + id + " does not exist"));
    }

    /** A member who can log in at once (the caller set the password); joins them to the account. */
    public Membership addMemberWithPassword(AccessId account, String email, String displayName, String password, Role role,
                                            Map<DomainName, Role> domainRoles, Principal by) {
        checkMayGrant(account, role, domainRoles, by);
        String address = Member.normaliseEmail(email, "email");
        Optional<Member> existing = stores.members().byEmail(address);
        Member member;
        if (existing.isPresent()) {
            // An existing person is linked, never re-passworded by someone else.
            member = existing.get();
        } else {
            member = new Member(AccessId.generate("mem"), address, displayName,
                Optional.of(passwords.hash(PasswordHashing.checkStrength(password, "password"))), false, Optional.empty(), clock.instant());
            stores.members().create(member);
            sendVerification(member);
        }
        if (stores.members().membership(account, member.id()).isPresent()) {
            throw new AlreadyExistsException(address + " is already a member of this account");
        }
        Membership membership = new Membership(account, member.id(), role, domainRoles);
        stores.members().putMembership(membership);
        return membership;
    }

    public Membership changeRole(AccessId account, AccessId member, Role role, Map<DomainName, Role> domainRoles, Principal by) {
        Membership current = stores.members().membership(account, member)
            .orElseThrow(() -> new NotFoundException("member " + member + " does not exist"));
        checkMayGrant(account, role, domainRoles, by);
        if (current.role() == Role.OWNER && role != Role.OWNER) {
            checkMayGrant(account, Role.OWNER, Map.of(), by);
            checkAnotherOwner(account, member);
        }
        Membership changed = current.withRole(role, domainRoles);
        stores.members().putMembership(changed);
        return changed;
    }

    public Membership removeMember(AccessId account, AccessId member, Principal by) {
        Membership current = stores.members().membership(account, member)
            .orElseThrow(() -> new NotFoundException("member " + member + " does not exist"));
        if (current.role() == Role.OWNER) {
            checkMayGrant(account, Role.OWNER, Map.of(), by);
            checkAnotherOwner(account, member);
        }
        stores.members().removeMembership(account, member);
        return current;
    }

    private void checkAnotherOwner(AccessId account, AccessId leaving) {
        boolean another = stores.members().membershipsOfAccount(account).stream()
            .anyMatch(other -> other.role() == Role.OWNER && !other.member().equals(leaving));
        if (!another) {
            throw new InvalidFieldException("role", "an account must keep at least one owner");
        }
    }

    /** Only owners (and the operator) grant or take away the owner role. */
    private void checkMayGrant(AccessId account, Role role, Map<DomainName, Role> domainRoles, Principal by) {
        boolean grantsOwner = role == Role.OWNER || domainRoles.containsValue(Role.OWNER);
        if (grantsOwner && !by.isOperator() && !by.may(Permission.ACCOUNT_MANAGE, account, Optional.empty())) {
            throw AccessDeniedException.forbidden("only an owner can grant or remove the owner role");
        }
    }

    // ---- e-mail verification and password reset ------------------------------------------------------------

    private String issueToken(Member member, MemberToken.Kind kind, Duration lifetime) {
        ApiKeyToken token = ApiKeyToken.newSession(AccessId.generate("tok"));
        Instant now = clock.instant();
        stores.memberTokens().create(new MemberToken(token.id(), member.id(), kind, token.secretHash(), now, now.plus(lifetime),
            Optional.empty()));
        return token.reveal();
    }

    /** Mails a new verification link; earlier ones keep working until they expire. */
    public void sendVerification(Member member) {
        mailer.emailVerification(member, issueToken(member, MemberToken.Kind.EMAIL_VERIFICATION, EMAIL_VERIFICATION_LIFETIME));
    }

    private MemberToken useToken(String presented, MemberToken.Kind kind) {
        NotFoundException unusable = new NotFoundException("this link is unknown, expired or already used");
        ApiKeyToken parsed = ApiKeyToken.read(presented == null ? "" : presented.strip()).orElseThrow(() -> unusable);
        MemberToken token = stores.memberTokens().get(parsed.id())
            .filter(found -> found.kind() == kind && ApiKeyToken.sameHash(found.secretHash(), parsed.secretHash()))
            .filter(found -> found.usable(clock.instant()))
            .orElseThrow(() -> unusable);
        stores.memberTokens().update(token.used(clock.instant()));
        return token;
    }

    public Member verifyEmail(String token) {
        Member member = member(useToken(token, MemberToken.Kind.EMAIL_VERIFICATION).member());
        Member verified = member.withEmailVerified(true);
        stores.members().update(verified);
        return verified;
    }

    /**
     * Mails a reset link when the address is a member's; says nothing either way (no account enumeration). Counted
     * by the throttle like a failed login, so it cannot be used to flood an inbox.
     */
    public void requestPasswordReset(String email, InetAddress source) {
        String from = source.getHostAddress();
        String address = Member.normaliseEmail(email, "email");
        authenticator.throttle().sourceBlocked(from).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        authenticator.throttle().credentialBlocked("reset:" + address).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        authenticator.throttle().failed(from, Optional.of("reset:" + address));
        stores.members().byEmail(address).ifPresent(member ->
            mailer.passwordReset(member, issueToken(member, MemberToken.Kind.PASSWORD_RESET, PASSWORD_RESET_LIFETIME)));
    }

    /** Sets the new password and ends every session of the member. The link proves the address too. */
    public Member resetPassword(String token, String password) {
        String hash = passwords.hash(PasswordHashing.checkStrength(password, "password"));
        Member member = member(useToken(token, MemberToken.Kind.PASSWORD_RESET).member());
        Member changed = member.withPasswordHash(hash).withEmailVerified(true);
        stores.members().update(changed);
        stores.sessions().deleteOfMember(member.id());
        return changed;
    }

    // ---- second factor -------------------------------------------------------------------------------------

    /** Starts enrolment (the password again, as a check): the secret to put into an authenticator app. */
    public String startTotpEnrolment(Member member, String password) {
        if (!member.passwordHash().map(hash -> passwords.verify(password, hash)).orElse(false)) {
            throw new InvalidFieldException("password", "'password' is not the member's password");
        }
        if (member.totpSecret().isPresent()) {
            // Replacing it must take a current code, as removing it does.
            throw new InvalidFieldException("totp", "a second factor is enrolled already: remove it first with a current code");
        }
        String secret = Totp.newSecret();
        pendingTotp.put(member.id(), seal.seal(secret, totpContext(member)));
        return secret;
    }

    /** Confirms enrolment with a code of the new secret; returns the recovery codes, shown once. */
    public List<String> confirmTotp(Member member, String code) {
        String secret = Optional.ofNullable(pendingTotp.get(member.id())).map(sealed -> seal.open(sealed, totpContext(member)))
            .orElseThrow(() -> new NotFoundException("no TOTP enrolment is waiting for confirmation"));
        if (!Totp.verify(secret, code, clock.instant())) {
            throw new InvalidFieldException("code", "'code' does not match the enrolment's secret");
        }
        pendingTotp.remove(member.id());
        // From the store, not the caller's copy: a password changed since the request began stays changed.
        stores.members().update(member(member.id()).withTotpSecret(Optional.of(seal.seal(secret, totpContext(member)))));
        return newRecoveryCodes(member);
    }

    /** Removes the second factor; needs a current code (or a recovery code). */
    public void removeTotp(Member member, String code) {
        if (member.totpSecret().isEmpty()) {
            throw new NotFoundException("no second factor is enrolled");
        }
        if (!secondFactor(member, code)) {
            throw new InvalidFieldException("code", "'code' is not a current code or an unused recovery code");
        }
        stores.members().update(member(member.id()).withTotpSecret(Optional.empty()));
        stores.memberTokens().deleteOfMember(member.id(), MemberToken.Kind.RECOVERY_CODE);
    }

    private List<String> newRecoveryCodes(Member member) {
        stores.memberTokens().deleteOfMember(member.id(), MemberToken.Kind.RECOVERY_CODE);
        List<String> codes = new java.util.ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = ApiKeyToken.randomSecret().substring(0, 16);
            stores.memberTokens().create(new MemberToken(AccessId.generate("rec"), member.id(), MemberToken.Kind.RECOVERY_CODE,
                ApiKeyToken.sha256(member.id().asString() + ":" + code), now, now.plus(Duration.ofDays(3650)), Optional.empty()));
            codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-" + code.substring(12));
        }
        return codes;
    }

    /** A current TOTP code, or an unused recovery code (then used up). */
    private boolean secondFactor(Member member, String code) {
        if (code == null) {
            return false;
        }
        String secret = seal.open(member.totpSecret().orElseThrow(), totpContext(member));
        if (Totp.verify(secret, code, clock.instant())) {
            return true;
        }
        String hash = ApiKeyToken.sha256(member.id().asString() + ":" + code.strip().replace("-", "").toLowerCase(java.util.Locale.ROOT));
        Instant now = clock.instant();
        Optional<MemberToken> recovery = stores.memberTokens().ofMember(member.id(), MemberToken.Kind.RECOVERY_CODE).stream()
            .filter(token -> token.usable(now) && ApiKeyToken.sameHash(token.secretHash(), hash))
            .findFirst();
        recovery.ifPresent(token -> stores.memberTokens().update(token.used(now)));
        return recovery.isPresent();
    }

    private static String totpContext(Member member) {
        return "totp:" + member.id().asString();
    }

    // ---- invitations ---------------------------------------------------------------------------------------

    public Invitation invite(AccessId account, String email, Role role, Principal by) {
        checkMayGrant(account, role, Map.of(), by);
        String address = Member.normaliseEmail(email, "email");
        Optional<Member> existing = stores.members().byEmail(address);
        if (existing.isPresent() && stores.members().membership(account, existing.get().id()).isPresent()) {
            throw new AlreadyExistsException(address + " is already a member of this account");
        }
        ApiKeyToken token = ApiKeyToken.newSession(AccessId.generate("inv"));
        Instant now = clock.instant();
        Invitation invitation = new Invitation(token.id(), account, address, role, token.secretHash(), by.actor(), now,
            now.plus(INVITATION_LIFETIME), Invitation.State.PENDING);
        stores.invitations().create(invitation);
        mailer.invitation(invitation, account(account), token.reveal());
        return invitation;
    }

    public Invitation invitation(AccessId account, AccessId id) {
        return stores.invitations().get(id).filter(found -> found.account().equals(account))
            .orElseThrow(() -> new NotFoundException("invitation " + id + " does not exist"));
    }

    public Invitation revokeInvitation(AccessId account, AccessId id) {
        Invitation invitation = invitation(account, id);
        if (invitation.state() != Invitation.State.PENDING) {
            throw new InvalidFieldException("state", "invitation " + id + " is " + invitation.state().value());
        }
        Invitation revoked = invitation.withState(Invitation.State.REVOKED);
        stores.invitations().update(revoked);
        return revoked;
    }

    /** A new token and a new expiry; the earlier mail's link stops working. */
    public Invitation resendInvitation(AccessId account, AccessId id) {
        Invitation invitation = invitation(account, id);
        if (invitation.state() != Invitation.State.PENDING) {
            throw new InvalidFieldException("state", "invitation " + id + " is " + invitation.state().value());
        }
        ApiKeyToken token = ApiKeyToken.read(ApiKeyToken.SESSION_PREFIX + id.asString() + "_" + ApiKeyToken.randomSecret()).orElseThrow();
        Invitation renewed = invitation.renewed(token.secretHash(), clock.instant().plus(INVITATION_LIFETIME));
        stores.invitations().update(renewed);
        mailer.invitation(renewed, account(account), token.reveal());
        return renewed;
    }

    /**
     * Accepts with the mailed token: creates the member (with the password given) or links the existing one,
     * with exactly the invited role. One use: the invitation is then accepted, and a second try fails.
     */
    public Membership acceptInvitation(String token, Optional<String> password, String displayName) {
        Invitation invitation = usableInvitation(token);
        Optional<Member> existing = stores.members().byEmail(invitation.email());
        Member member;
        if (existing.isPresent()) {
            member = existing.get();
        } else {
            String chosen = password.orElseThrow(() -> new InvalidFieldException("password", "'password' is required to create the member"));
            member = new Member(AccessId.generate("mem"), invitation.email(), displayName,
                Optional.of(passwords.hash(PasswordHashing.checkStrength(chosen, "password"))),
                // The mailed token proves the address.
                true, Optional.empty(), clock.instant());
            stores.members().create(member);
        }
        stores.invitations().update(invitation.withState(Invitation.State.ACCEPTED));
        // Someone who joined meanwhile (by another invitation, or added by an owner) keeps the role they have.
        Optional<Membership> current = stores.members().membership(invitation.account(), member.id());
        if (current.isPresent()) {
            return current.get();
        }
        Membership membership = new Membership(invitation.account(), member.id(), invitation.role(), Map.of());
        stores.members().putMembership(membership);
        return membership;
    }

    public Invitation declineInvitation(String token) {
        Invitation declined = usableInvitation(token).withState(Invitation.State.DECLINED);
        stores.invitations().update(declined);
        return declined;
    }

    private Invitation usableInvitation(String token) {
        NotFoundException unusable = new NotFoundException("this invitation is unknown, expired, revoked or already used");
        ApiKeyToken parsed = ApiKeyToken.read(token == null ? "" : token.strip()).orElseThrow(() -> unusable);
        Invitation invitation = stores.invitations().get(parsed.id()).orElseThrow(() -> unusable);
        if (!ApiKeyToken.sameHash(invitation.tokenHash(), parsed.secretHash()) || !invitation.usable(clock.instant())) {
            throw unusable;
        }
        return invitation;
    }

    // ---- API keys ------------------------------------------------------------------------------------------

    /**
     * @param permissions at most what {@code by} may do in the account (account-wide, or on each of {@code domains})
     */
    public IssuedKey createKey(AccessId account, String name, Set<Permission> permissions, Set<DomainName> domains,
                               Optional<Instant> expiresAt, List<Cidr> allowedIps, Principal by) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidFieldException("name", "'name' must be 1 to 200 characters");
        }
        if (permissions.isEmpty()) {
            throw new InvalidFieldException("permissions", "'permissions' must name at least one permission (or use a 'preset')");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw new InvalidFieldException("expiresAt", "'expiresAt' must be in the future");
        }
        if (!domains.isEmpty()) {
            String accountWide = permissions.stream().filter(permission -> !permission.domainScoped()).map(Permission::value).sorted()
                .collect(Collectors.joining(", "));
            if (!accountWide.isEmpty()) {
                // Such a permission would reach the whole account (its keys, members, log) from a key meant for some domains.
                throw new InvalidFieldException("permissions", "a key limited to some domains carries only domain permissions; not: " + accountWide);
            }
        }
        // Domain permissions: what the creator may do on every one of the key's domains; account-wide ones (keys,
        // members, audit...): what the creator may do account-wide, whatever role they have on some domain.
        Set<Permission> allowed = EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
            boolean granted = permission.domainScoped() && !domains.isEmpty()
                ? domains.stream().allMatch(domain -> by.may(permission, account, Optional.of(domain)))
                : by.may(permission, account, Optional.empty());
            if (granted) {
                allowed.add(permission);
            }
        }
        Set<Permission> excess = EnumSet.copyOf(permissions);
        excess.removeAll(allowed);
        if (!excess.isEmpty()) {
            throw new InvalidFieldException("permissions", "a key cannot carry more than its creator may do; not yours: "
                + excess.stream().map(Permission::value).sorted().collect(Collectors.joining(", ")));
        }
        by.asKey().filter(creator -> !creator.domains().isEmpty()).ifPresent(creator -> {
            if (domains.isEmpty() || !creator.domains().containsAll(domains)) {
                throw new InvalidFieldException("domains", "a key limited to some domains can only create keys limited to those domains");
            }
        });
        for (DomainName domain : domains) {
            if (!ownerOf(domain).equals(account)) {
                throw new InvalidFieldException("domains", "domain " + domain + " does not exist");
            }
        }
        ApiKeyToken token = ApiKeyToken.newKey(AccessId.generate("key"));
        ApiKey key = new ApiKey(token.id(), account, name.strip(), token.secretHash(), permissions, domains, expiresAt,
            allowedIps, by.actor(), clock.instant(), Optional.empty(), Optional.empty(), Optional.empty());
        stores.keys().create(key);
        return new IssuedKey(key, token.reveal());
    }

    public ApiKey key(AccessId account, AccessId id) {
        return stores.keys().get(id).filter(key -> key.account().equals(account))
            .orElseThrow(() -> new NotFoundException("key " + id + " does not exist"));
    }

    public ApiKey revokeKey(AccessId account, AccessId id) {
        ApiKey key = key(account, id);
        if (key.revokedAt().isPresent()) {
            return key;
        }
        stores.keys().revoke(id, clock.instant());
        return key(account, id);
    }

    /** A new secret for the same key; the old one stops working at once. */
    public IssuedKey rotateKey(AccessId account, AccessId id) {
        ApiKey key = key(account, id);
        if (key.revokedAt().isPresent()) {
            throw new InvalidFieldException("key", "key " + id + " is revoked");
        }
        ApiKeyToken token = ApiKeyToken.read(ApiKeyToken.PREFIX + id.asString() + "_" + ApiKeyToken.randomSecret()).orElseThrow();
        if (!stores.keys().replaceSecret(id, token.secretHash())) {
            throw new InvalidFieldException("key", "key " + id + " is revoked");
        }
        return new IssuedKey(key(account, id), token.reveal());
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    /**
     * @throws AccessDeniedException UNAUTHENTICATED with one message for an unknown address, a wrong password and
     *         a missing or wrong second factor (no account enumeration); THROTTLED past the limits
     */
    public Login login(String email, String password, Optional<String> totp, InetAddress source, String userAgent) {
        String from = source.getHostAddress();
        String address = Member.normaliseEmail(email, "email");
        String credential = "member:" + address;
        authenticator.throttle().sourceBlocked(from).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        authenticator.throttle().credentialBlocked(credential).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        Optional<Member> member = stores.members().byEmail(address);
        String hash = member.flatMap(Member::passwordHash).orElse(decoyHash);
        boolean passwordOk = passwords.verify(password == null ? "" : password, hash) && member.flatMap(Member::passwordHash).isPresent();
        boolean secondFactorOk = !passwordOk || member.get().totpSecret().isEmpty() || secondFactor(member.get(), totp.orElse(null));
        if (!passwordOk || !secondFactorOk) {
            Optional<AccessId> account = member.flatMap(found -> stores.members().membershipsOfMember(found.id()).stream()
                .map(Membership::account).findFirst());
            authenticator.failed(from, credential, passwordOk ? "wrong or missing second factor" : "wrong address or password", account);
            throw AccessDeniedException.unauthenticated("Invalid credentials");
        }
        ApiKeyToken token = ApiKeyToken.newSession(AccessId.generate("ses"));
        Instant now = clock.instant();
        Session session = new Session(token.id(), member.get().id(), token.secretHash(), now, now.plus(SESSION_LIFETIME), from,
            userAgent == null ? "" : userAgent);
        stores.sessions().create(session);
        return new Login(session, member.get(), token.reveal());
    }

    /** The panel's operator sign-in: the operator key for a token that is the operator until {@code expiresAt}. */
    public String operatorSession(String key, InetAddress source, Instant expiresAt) {
        return authenticator.operatorSession(key, source, expiresAt);
    }

    public List<Session> sessionsOf(AccessId member) {
        Instant now = clock.instant();
        return stores.sessions().ofMember(member).stream().filter(session -> !session.expired(now)).collect(Collectors.toList());
    }

    public void endSession(AccessId member, AccessId session) {
        boolean own = stores.sessions().get(session).map(found -> found.member().equals(member)).orElse(false);
        if (!own || !stores.sessions().delete(session)) {
            throw new NotFoundException("session " + session + " does not exist");
        }
    }
}
