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

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Member;
import io.smtpy.access.Membership;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.Session;
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
import io.smtpy.access.store.memory.MemoryAccessStores;
import io.smtpy.core.testing.MovableClock;

class AuthenticatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AccessId ACME = AccessId.of("acc_acme");
    private static final InetAddress SOURCE = ip("192.0.2.1");
    private static final InetAddress OTHER_SOURCE = ip("192.0.2.2");
    private static final int MAX_PER_SOURCE = 5;
    private static final int MAX_PER_CREDENTIAL = 3;
    private static final Duration WINDOW = Duration.ofMinutes(15);

    /** The memory stores, except that every failed attempt is kept in a list (the port lists only an account's). */
    private static final class RecordingStores implements AccessStores {
        private final MemoryAccessStores memory = new MemoryAccessStores();
        private final List<FailedAttempt> attempts = new ArrayList<>();
        private final FailedAttemptRepository failedAttempts = new FailedAttemptRepository() {
            @Override
            public void record(FailedAttempt attempt) {
                attempts.add(attempt);
                memory.failedAttempts().record(attempt);
            }

            @Override
            public List<FailedAttempt> recent(AccessId account, int limit) {
                return memory.failedAttempts().recent(account, limit);
            }

            @Override
            public int purgeBefore(Instant cutoff) {
                return memory.failedAttempts().purgeBefore(cutoff);
            }
        };

        @Override
        public AccountRepository accounts() {
            return memory.accounts();
        }

        @Override
        public MemberRepository members() {
            return memory.members();
        }

        @Override
        public ApiKeyRepository keys() {
            return memory.keys();
        }

        @Override
        public SessionRepository sessions() {
            return memory.sessions();
        }

        @Override
        public InvitationRepository invitations() {
            return memory.invitations();
        }

        @Override
        public DomainOwnership ownership() {
            return memory.ownership();
        }

        @Override
        public AuditLogRepository audit() {
            return memory.audit();
        }

        @Override
        public FailedAttemptRepository failedAttempts() {
            return failedAttempts;
        }

        @Override
        public MemberTokenRepository memberTokens() {
            return memory.memberTokens();
        }
    }

    private final MovableClock clock = new MovableClock(T0);
    private final RecordingStores stores = new RecordingStores();
    private final String operatorKey = OperatorCredential.generate();
    private final AttemptThrottle throttle = new AttemptThrottle(clock, MAX_PER_SOURCE, MAX_PER_CREDENTIAL, WINDOW);
    private final Authenticator authenticator = new Authenticator(stores, Optional.of(OperatorCredential.of(operatorKey)),
        throttle, clock);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    private static String secretOf(String token) {
        return token.substring(token.lastIndexOf('_') + 1);
    }

    private static String withOtherSecret(String token) {
        return token.substring(0, token.lastIndexOf('_') + 1) + ApiKeyToken.randomSecret();
    }

    private ApiKeyToken storeKey(Optional<Instant> expiresAt, List<Cidr> allowedIps) {
        ApiKeyToken token = ApiKeyToken.newKey(AccessId.generate("key"));
        stores.keys().create(new ApiKey(token.id(), ACME, "ci", token.secretHash(), EnumSet.of(Permission.ALIASES_READ),
            Set.of(), expiresAt, allowedIps, "member:mem_jane", T0, Optional.empty(), Optional.empty(), Optional.empty()));
        return token;
    }

    private ApiKeyToken storeKey() {
        return storeKey(Optional.empty(), List.of());
    }

    private Member storeMember() {
        Member jane = new Member(AccessId.generate("mem"), "jane@example.com", "Jane", Optional.of("hash"), true,
            Optional.empty(), T0);
        stores.members().create(jane);
        stores.members().putMembership(new Membership(ACME, jane.id(), Role.ADMIN, Map.of()));
        return jane;
    }

    private ApiKeyToken storeSession(AccessId member, Duration lifetime) {
        ApiKeyToken token = ApiKeyToken.newSession(AccessId.generate("ses"));
        stores.sessions().create(new Session(token.id(), member, token.secretHash(), clock.instant(),
            clock.instant().plus(lifetime), "192.0.2.1", "test"));
        return token;
    }

    private AccessDeniedException refusal(Optional<String> authorization, InetAddress source) {
        Throwable thrown = catchThrowable(() -> authenticator.authenticate(authorization, source));
        assertThat(thrown).isInstanceOf(AccessDeniedException.class);
        return (AccessDeniedException) thrown;
    }

    private FailedAttempt onlyAttempt() {
        assertThat(stores.attempts).hasSize(1);
        return stores.attempts.get(0);
    }

    private Optional<Instant> lastUsedAt(ApiKeyToken token) {
        return stores.keys().get(token.id()).orElseThrow().lastUsedAt();
    }

    // ---- the operator key ----------------------------------------------------------------------------------

    @Test
    void theOperatorKeyShouldAuthenticateAsTheOperator() {
        assertThat(authenticator.authenticate(bearer(operatorKey), SOURCE).isOperator()).isTrue();
    }

    @Test
    void theBearerSchemeShouldBeReadWhateverItsCase() {
        assertThat(authenticator.authenticate(Optional.of("bEaReR " + operatorKey), SOURCE).isOperator()).isTrue();
    }

    @Test
    void aWrongOperatorKeyShouldBeRefusedWithoutRecordingIt() {
        String wrong = OperatorCredential.generate();

        assertThat(refusal(bearer(wrong), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("unrecognised token");
        assertThat(onlyAttempt().toString()).doesNotContain(secretOf(wrong));
    }

    @Test
    void anOperatorSessionShouldBeTheOperatorUntilItExpiresAndTellNothingOfTheKey() {
        String session = authenticator.operatorSession(operatorKey, SOURCE, T0.plus(Duration.ofHours(12)));

        assertThat(session).startsWith(OperatorCredential.SESSION_PREFIX).doesNotContain(secretOf(operatorKey));
        assertThat(authenticator.authenticate(bearer(session), SOURCE).isOperator()).isTrue();
        clock.moveBy(Duration.ofHours(12));
        assertThat(refusal(bearer(session), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
        assertThat(onlyAttempt().credential()).isEqualTo("operator-session");
    }

    @Test
    void anOperatorSessionWithAnotherExpiryOrOfAnotherKeyShouldBeRefused() {
        String session = authenticator.operatorSession(operatorKey, SOURCE, T0.plus(Duration.ofHours(1)));
        String later = session.replaceFirst("_\\d+_", "_" + T0.plus(Duration.ofDays(365)).getEpochSecond() + "_");
        String foreign = OperatorCredential.of(OperatorCredential.generate()).session(T0.plus(Duration.ofHours(1)));

        assertThat(later).isNotEqualTo(session);
        assertThat(refusal(bearer(later), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
        assertThat(refusal(bearer(foreign), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
    }

    @Test
    void aWrongOperatorKeyAtSignInShouldBeRecordedAndThrottled() {
        for (int i = 0; i < MAX_PER_CREDENTIAL; i++) {
            Throwable refused = catchThrowable(() -> authenticator.operatorSession("not-the-operator-key-0123456789-abc", OTHER_SOURCE,
                T0.plus(Duration.ofHours(1))));
            assertThat(((AccessDeniedException) refused).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
        }

        assertThat(stores.attempts).extracting(FailedAttempt::credential).containsOnly("operator");
        Throwable throttled = catchThrowable(() -> authenticator.operatorSession(operatorKey, SOURCE, T0.plus(Duration.ofHours(1))));
        assertThat(((AccessDeniedException) throttled).reason()).isEqualTo(AccessDeniedException.Reason.THROTTLED);
    }

    @Test
    void theOperatorKeyShouldNotWorkWhenNoneIsConfigured() {
        Authenticator withoutOperator = new Authenticator(stores, Optional.empty(), throttle, clock);

        assertThatThrownBy(() -> withoutOperator.authenticate(bearer(operatorKey), SOURCE))
            .isInstanceOf(AccessDeniedException.class);
    }

    // ---- API keys ------------------------------------------------------------------------------------------

    @Test
    void aValidKeyShouldAuthenticateAsThatKey() {
        ApiKeyToken token = storeKey();

        Principal principal = authenticator.authenticate(bearer(token.reveal()), SOURCE);

        assertThat(principal.asKey().map(ApiKey::id)).contains(token.id());
        assertThat(principal.accounts()).containsExactly(ACME);
        assertThat(stores.attempts).isEmpty();
    }

    @Test
    void aKeyWithAWrongSecretShouldBeRefusedAndRecordedUnderItsAccount() {
        ApiKeyToken token = storeKey();
        String wrong = withOtherSecret(token.reveal());

        assertThat(refusal(bearer(wrong), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        FailedAttempt attempt = onlyAttempt();
        assertThat(attempt.credential()).isEqualTo("key:" + token.id().asString());
        assertThat(attempt.reason()).isEqualTo("wrong secret");
        assertThat(attempt.account()).contains(ACME);
        assertThat(attempt.source()).isEqualTo("192.0.2.1");
        assertThat(attempt.at()).isEqualTo(T0);
    }

    @Test
    void aRefusedKeyShouldNeverHaveItsSecretRecorded() {
        ApiKeyToken token = storeKey();
        String wrong = withOtherSecret(token.reveal());

        refusal(bearer(wrong), SOURCE);

        FailedAttempt attempt = onlyAttempt();
        for (String field : List.of(attempt.credential(), attempt.reason(), attempt.source())) {
            assertThat(field).doesNotContain(secretOf(wrong)).doesNotContain(secretOf(token.reveal()));
        }
    }

    @Test
    void aRevokedKeyShouldBeRefusedAndRecordedUnderItsAccount() {
        ApiKeyToken token = storeKey();
        stores.keys().update(stores.keys().get(token.id()).orElseThrow().revoked(T0));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().reason()).isEqualTo("revoked key");
        assertThat(onlyAttempt().account()).contains(ACME);
        assertThat(onlyAttempt().credential()).isEqualTo("key:" + token.id().asString());
    }

    @Test
    void anExpiredKeyShouldBeRefusedAndRecordedUnderItsAccount() {
        ApiKeyToken token = storeKey(Optional.of(T0.plus(Duration.ofDays(1))), List.of());
        assertThat(authenticator.authenticate(bearer(token.reveal()), SOURCE).asKey()).isPresent();
        clock.moveBy(Duration.ofDays(1));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().reason()).isEqualTo("expired key");
        assertThat(onlyAttempt().account()).contains(ACME);
    }

    @Test
    void aKeyShouldBeAcceptedFromAnAddressInItsAllowlist() {
        ApiKeyToken token = storeKey(Optional.empty(), List.of(Cidr.parse("192.0.2.0/24", "allowedIps")));

        assertThat(authenticator.authenticate(bearer(token.reveal()), SOURCE).asKey()).isPresent();
    }

    @Test
    void aKeyShouldBeRefusedFromAnAddressOutsideItsAllowlist() {
        ApiKeyToken token = storeKey(Optional.empty(), List.of(Cidr.parse("198.51.100.0/24", "allowedIps")));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().reason()).isEqualTo("address not in the key's allowlist");
        assertThat(onlyAttempt().account()).contains(ACME);
    }

    @Test
    void anUnknownKeyShouldBeRefusedAndRecordedWithoutAnAccount() {
        ApiKeyToken token = ApiKeyToken.newKey(AccessId.of("key_nosuchkey"));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("key:key_nosuchkey");
        assertThat(onlyAttempt().reason()).isEqualTo("unknown key");
        assertThat(onlyAttempt().account()).isEmpty();
    }

    @Test
    void aKeysLastUseShouldBeRecorded() {
        ApiKeyToken token = storeKey();
        clock.moveBy(Duration.ofSeconds(5));

        authenticator.authenticate(bearer(token.reveal()), SOURCE);

        ApiKey stored = stores.keys().get(token.id()).orElseThrow();
        assertThat(stored.lastUsedAt()).contains(T0.plusSeconds(5));
        assertThat(stored.lastUsedFrom()).contains("192.0.2.1");
    }

    @Test
    void aKeysLastUseShouldBeWrittenAtMostOnceAMinuteFromOneSource() {
        ApiKeyToken token = storeKey();
        authenticator.authenticate(bearer(token.reveal()), SOURCE);

        clock.moveBy(Duration.ofSeconds(59));
        authenticator.authenticate(bearer(token.reveal()), SOURCE);
        assertThat(lastUsedAt(token)).contains(T0);

        clock.moveBy(Duration.ofSeconds(1));
        authenticator.authenticate(bearer(token.reveal()), SOURCE);
        assertThat(lastUsedAt(token)).contains(T0.plusSeconds(60));
    }

    @Test
    void aKeysLastUseShouldBeWrittenAtOnceFromAnotherSource() {
        ApiKeyToken token = storeKey();
        authenticator.authenticate(bearer(token.reveal()), SOURCE);
        clock.moveBy(Duration.ofSeconds(10));

        authenticator.authenticate(bearer(token.reveal()), OTHER_SOURCE);

        ApiKey stored = stores.keys().get(token.id()).orElseThrow();
        assertThat(stored.lastUsedAt()).contains(T0.plusSeconds(10));
        assertThat(stored.lastUsedFrom()).contains("192.0.2.2");
    }

    // ---- sessions ------------------------------------------------------------------------------------------

    @Test
    void aValidSessionShouldAuthenticateAsItsMemberWithTheirMemberships() {
        Member jane = storeMember();
        ApiKeyToken token = storeSession(jane.id(), Duration.ofHours(12));

        Principal principal = authenticator.authenticate(bearer(token.reveal()), SOURCE);

        assertThat(principal.asMember()).contains(jane);
        assertThat(principal.sessionId()).contains(token.id());
        assertThat(principal.may(Permission.KEYS_MANAGE, ACME, Optional.empty())).isTrue();
    }

    @Test
    void anExpiredSessionShouldBeRefusedAndRecorded() {
        Member jane = storeMember();
        ApiKeyToken token = storeSession(jane.id(), Duration.ofHours(12));
        clock.moveBy(Duration.ofHours(12));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("session:" + token.id().asString());
        assertThat(onlyAttempt().reason()).isEqualTo("expired session");
    }

    @Test
    void aSessionOfARemovedMemberShouldBeRefusedAndRecorded() {
        ApiKeyToken token = storeSession(AccessId.of("mem_gone"), Duration.ofHours(12));

        assertThat(refusal(bearer(token.reveal()), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("session:" + token.id().asString());
        assertThat(onlyAttempt().reason()).isEqualTo("member removed");
    }

    @Test
    void aSessionTokenWithAWrongSecretShouldBeRefusedWithoutRecordingTheSecret() {
        Member jane = storeMember();
        ApiKeyToken token = storeSession(jane.id(), Duration.ofHours(12));
        String wrong = withOtherSecret(token.reveal());

        assertThat(refusal(bearer(wrong), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        FailedAttempt attempt = onlyAttempt();
        assertThat(attempt.credential()).isEqualTo("session:" + token.id().asString());
        assertThat(attempt.reason()).isEqualTo("unknown session");
        assertThat(attempt.toString()).doesNotContain(secretOf(wrong)).doesNotContain(secretOf(token.reveal()));
    }

    // ---- malformed and missing credentials -----------------------------------------------------------------

    @Test
    void aHeaderThatIsNotABearerTokenShouldBeRefusedAndRecorded() {
        assertThat(refusal(Optional.of("Basic amFuZTpzZWNyZXQ="), SOURCE).reason())
            .isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("malformed Authorization header");
        assertThat(onlyAttempt().toString()).doesNotContain("amFuZTpzZWNyZXQ=");
    }

    @Test
    void aBearerSchemeWithoutATokenShouldBeRefused() {
        assertThat(refusal(Optional.of("Bearer "), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
    }

    @Test
    void anUnrecognisedTokenShouldBeRefusedAndRecordedWithoutIt() {
        assertThat(refusal(bearer("not-a-token-at-all"), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);

        assertThat(onlyAttempt().credential()).isEqualTo("unrecognised token");
        assertThat(onlyAttempt().toString()).doesNotContain("not-a-token-at-all");
    }

    @Test
    void aMissingHeaderShouldBeRefused() {
        assertThat(refusal(Optional.empty(), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
        assertThat(refusal(Optional.of("  "), SOURCE).reason()).isEqualTo(AccessDeniedException.Reason.UNAUTHENTICATED);
    }

    // ---- throttling ----------------------------------------------------------------------------------------

    @Test
    void aSourceOverItsLimitShouldBeThrottledEvenWithAValidKey() {
        ApiKeyToken token = storeKey();
        for (int i = 0; i < MAX_PER_SOURCE; i++) {
            refusal(bearer("garbage-" + i), SOURCE);
        }

        AccessDeniedException throttled = refusal(bearer(token.reveal()), SOURCE);

        assertThat(throttled.reason()).isEqualTo(AccessDeniedException.Reason.THROTTLED);
        assertThat(throttled.retryAfter()).contains(WINDOW);
    }

    @Test
    void aThrottledSourceShouldNotBlockAnotherSource() {
        ApiKeyToken token = storeKey();
        for (int i = 0; i < MAX_PER_SOURCE; i++) {
            refusal(bearer("garbage-" + i), SOURCE);
        }

        assertThat(authenticator.authenticate(bearer(token.reveal()), OTHER_SOURCE).asKey()).isPresent();
    }

    @Test
    void aKeyOverItsLimitShouldBeThrottledFromEverySource() {
        ApiKeyToken token = storeKey();
        for (int i = 0; i < MAX_PER_CREDENTIAL; i++) {
            refusal(bearer(withOtherSecret(token.reveal())), ip("198.51.100." + (i + 1)));
        }

        AccessDeniedException throttled = refusal(bearer(token.reveal()), SOURCE);

        assertThat(throttled.reason()).isEqualTo(AccessDeniedException.Reason.THROTTLED);
        assertThat(throttled.retryAfter()).isPresent();
    }

    @Test
    void aThrottledRequestShouldNotBeRecordedAsAnotherFailedAttempt() {
        for (int i = 0; i < MAX_PER_SOURCE; i++) {
            refusal(bearer("garbage-" + i), SOURCE);
        }

        refusal(bearer("garbage-again"), SOURCE);

        assertThat(stores.attempts).hasSize(MAX_PER_SOURCE);
    }

    @Test
    void aThrottledSourceShouldAuthenticateAgainOnceTheWindowHasPassed() {
        ApiKeyToken token = storeKey();
        for (int i = 0; i < MAX_PER_SOURCE; i++) {
            refusal(bearer("garbage-" + i), SOURCE);
        }
        clock.moveBy(WINDOW);

        assertThat(authenticator.authenticate(bearer(token.reveal()), SOURCE).asKey()).isPresent();
    }
}
