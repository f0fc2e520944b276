package io.smtpy.access.service;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.ApiKeyToken;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Member;
import io.smtpy.access.Session;
import io.smtpy.access.store.AccessStores;

/**
 * Turns the {@code Authorization: Bearer <token>} of a request into a {@link Principal}: the operator key, a
 * member's session token or an API key. Every refusal is the same 401 to the caller (which credential failed and
 * why is kept as a {@link FailedAttempt} for the account's owners, never the secret), counted by the
 * {@link AttemptThrottle}: past its limits, the source or the credential gets 429 before any check.
 */
public final class Authenticator {
    /** A key's last use is written at most this often: a write per API call would cost more than the call. */
    private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    private static final String BEARER = "bearer ";
    private static final String OPERATOR_SESSION = "operator-session";
    private static final String OPERATOR_SIGN_IN = "operator";

    private final AccessStores stores;
    private final Optional<OperatorCredential> operator;
    private final AttemptThrottle throttle;
    private final Clock clock;
    private final Map<AccessId, Instant> lastUseWritten = new ConcurrentHashMap<>();

    public Authenticator(AccessStores stores, Optional<OperatorCredential> operator, AttemptThrottle throttle, Clock clock) {
        this.stores = stores;
        this.operator = operator;
        this.throttle = throttle;
        this.clock = clock;
    }

    /**
     * @throws AccessDeniedException UNAUTHENTICATED for missing or bad credentials, THROTTLED past the limits
     */
    public Principal authenticate(Optional<String> authorization, InetAddress source) {
        String from = source.getHostAddress();
        throttle.sourceBlocked(from).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        if (authorization.isEmpty() || authorization.get().isBlank()) {
            throw AccessDeniedException.unauthenticated("Missing credentials: send 'Authorization: Bearer <API key or session token>'");
        }
        String header = authorization.get().strip();
        if (header.length() <= BEARER.length() || !header.substring(0, BEARER.length()).equalsIgnoreCase(BEARER)) {
            throw refuse(from, "malformed Authorization header", "not a bearer token", Optional.empty());
        }
        String token = header.substring(BEARER.length()).strip();
        if (operator.map(credential -> credential.matches(token)).orElse(false)) {
            return Principal.operator();
        }
        if (token.startsWith(OperatorCredential.SESSION_PREFIX)) {
            if (operator.map(credential -> credential.acceptsSession(token, clock.instant())).orElse(false)) {
                return Principal.operator();
            }
            throw refuse(from, OPERATOR_SESSION, "unknown or expired operator session", Optional.empty());
        }
        Optional<ApiKeyToken> parsed = ApiKeyToken.read(token);
        if (parsed.isEmpty()) {
            throw refuse(from, "unrecognised token", "unknown credential", Optional.empty());
        }
        return parsed.get().isSession() ? session(parsed.get(), from) : key(parsed.get(), source, from);
    }

    private Principal session(ApiKeyToken token, String from) {
        String credential = "session:" + token.id().asString();
        throttle.credentialBlocked(credential).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        Optional<Session> session = stores.sessions().get(token.id())
            .filter(found -> ApiKeyToken.sameHash(found.tokenHash(), token.secretHash()));
        if (session.isEmpty()) {
            throw refuse(from, credential, "unknown session", Optional.empty());
        }
        if (session.get().expired(clock.instant())) {
            throw refuse(from, credential, "expired session", Optional.empty());
        }
        Optional<Member> member = stores.members().get(session.get().member());
        if (member.isEmpty()) {
            throw refuse(from, credential, "member removed", Optional.empty());
        }
        return Principal.member(member.get(), session.get().id(), stores.members().membershipsOfMember(member.get().id()));
    }

    private Principal key(ApiKeyToken token, InetAddress source, String from) {
        String credential = "key:" + token.id().asString();
        throttle.credentialBlocked(credential).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        Optional<ApiKey> stored = stores.keys().get(token.id());
        if (stored.isEmpty()) {
            throw refuse(from, credential, "unknown key", Optional.empty());
        }
        ApiKey key = stored.get();
        Optional<AccessId> account = Optional.of(key.account());
        if (!ApiKeyToken.sameHash(key.secretHash(), token.secretHash())) {
            throw refuse(from, credential, "wrong secret", account);
        }
        Instant now = clock.instant();
        if (key.revokedAt().isPresent()) {
            throw refuse(from, credential, "revoked key", account);
        }
        if (key.expired(now)) {
            throw refuse(from, credential, "expired key", account);
        }
        if (!key.allows(source)) {
            throw refuse(from, credential, "address not in the key's allowlist", account);
        }
        recordUse(key, now, from);
        return Principal.key(key);
    }

    private void recordUse(ApiKey key, Instant now, String from) {
        Instant written = lastUseWritten.get(key.id());
        if (written != null && Duration.between(written, now).compareTo(LAST_USE_RESOLUTION) < 0
            && key.lastUsedFrom().map(from::equals).orElse(false)) {
            return;
        }
        lastUseWritten.put(key.id(), now);
        stores.keys().recordUse(key.id(), now, from);
    }

    /**
     * The panel's operator sign-in: the operator key traded for an operator session token that expires at
     * {@code expiresAt} (see {@link OperatorCredential}), so the key itself never goes into a cookie. Throttled and
     * recorded like a member's login.
     *
     * @throws AccessDeniedException UNAUTHENTICATED for a wrong key (or none configured), THROTTLED past the limits
     */
    public String operatorSession(String key, InetAddress source, Instant expiresAt) {
        String from = source.getHostAddress();
        throttle.sourceBlocked(from).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        throttle.credentialBlocked(OPERATOR_SIGN_IN).ifPresent(wait -> {
            throw AccessDeniedException.throttled(wait);
        });
        if (!operator.map(credential -> credential.matches(key)).orElse(false)) {
            throw refuse(from, OPERATOR_SIGN_IN, "wrong operator key", Optional.empty());
        }
        return operator.get().session(expiresAt);
    }

    /** Records a failed login (or other credential check) and throttles it like a bad token. */
    public void failed(String from, String credential, String reason, Optional<AccessId> account) {
        stores.failedAttempts().record(new FailedAttempt(clock.instant(), from, credential, reason, account));
        throttle.failed(from, Optional.of(credential));
    }

    /**
     * The CSRF token that goes with a session token used as a cookie: derived from the token, so the page that
     * logged in (and was handed it) has it, and another site, which cannot read the HttpOnly cookie, has not.
     */
    public static String csrfToken(String sessionToken) {
        return ApiKeyToken.sha256("csrf:" + sessionToken);
    }

    public AttemptThrottle throttle() {
        return throttle;
    }

    private AccessDeniedException refuse(String from, String credential, String reason, Optional<AccessId> account) {
        failed(from, credential, reason, account);
        return AccessDeniedException.unauthenticated("Invalid credentials");
    }
}
