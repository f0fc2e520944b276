package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.core.model.Cidr;
import io.smtpy.access.Permission;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * What every {@link ApiKeyRepository} must do. A backend test implements this interface and {@link #testee()}.
 * Instants are whole milliseconds (see {@link AccountRepositoryContract}).
 */
public interface ApiKeyRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");
    AccessId KEY_1 = AccessId.of("key_one");
    AccessId KEY_2 = AccessId.of("key_two");
    AccessId KEY_3 = AccessId.of("key_three");

    ApiKeyRepository testee();

    /** No permissions, domains, networks or optional instants. */
    static ApiKey key(AccessId id, AccessId account, Instant createdAt) {
        return new ApiKey(id, account, "ci", "hash-of-" + id, Set.of(), Set.of(), Optional.empty(), List.of(),
            "mem_jane", createdAt, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ApiKey richKey(AccessId id, AccessId account) {
        return new ApiKey(id, account, "Déploiement « prod »", "5f2b0c8e" + "0".repeat(56),
            Set.of(Permission.ALIASES_READ, Permission.ALIASES_WRITE, Permission.EVENTS_READ, Permission.AUDIT_READ),
            Set.of(DomainName.of("b.example"), DomainName.of("a.example")),
            Optional.of(T0.plusSeconds(86_400).plusMillis(5)),
            List.of(Cidr.parse("192.0.2.0/24", "ips"), Cidr.parse("2001:db8::/32", "ips"), Cidr.parse("198.51.100.7", "ips"),
                Cidr.parse("2001:db8:1::1", "ips")),
            "mem_jane", T0, Optional.of(T0.plusSeconds(60).plusMillis(999)), Optional.of("2001:db8::42"),
            Optional.of(T0.plusSeconds(3_600)));
    }

    @Test
    default void createdKeyShouldBeFound() {
        testee().create(key(KEY_1, ACME, T0));

        assertThat(testee().get(KEY_1)).contains(key(KEY_1, ACME, T0));
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        ApiKey key = richKey(KEY_1, ACME);
        testee().create(key);

        ApiKey found = testee().get(KEY_1).orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(found.account()).isEqualTo(ACME);
        assertThat(found.name()).isEqualTo("Déploiement « prod »");
        assertThat(found.secretHash()).isEqualTo(key.secretHash());
        assertThat(found.permissions()).containsExactlyInAnyOrder(Permission.ALIASES_READ, Permission.ALIASES_WRITE,
            Permission.EVENTS_READ, Permission.AUDIT_READ);
        assertThat(found.domains()).containsExactly(DomainName.of("a.example"), DomainName.of("b.example"));
        assertThat(found.expiresAt()).contains(T0.plusSeconds(86_400).plusMillis(5));
        assertThat(found.allowedIps()).extracting(Cidr::asString)
            .containsExactly("192.0.2.0/24", "2001:db8:0:0:0:0:0:0/32", "198.51.100.7/32", "2001:db8:1:0:0:0:0:1/128");
        assertThat(found.createdBy()).isEqualTo("mem_jane");
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.lastUsedAt()).contains(T0.plusSeconds(60).plusMillis(999));
        assertThat(found.lastUsedFrom()).contains("2001:db8::42");
        assertThat(found.revokedAt()).contains(T0.plusSeconds(3_600));
    }

    @Test
    default void keyWithEveryPermissionShouldRoundTrip() {
        ApiKey key = new ApiKey(KEY_1, ACME, "all", "h", Set.of(Permission.values()), Set.of(), Optional.empty(), List.of(),
            "operator", T0, Optional.empty(), Optional.empty(), Optional.empty());
        testee().create(key);

        assertThat(testee().get(KEY_1).orElseThrow().permissions()).containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    default void keyWithoutOptionalFieldsShouldRoundTrip() {
        testee().create(key(KEY_1, ACME, T0));

        ApiKey found = testee().get(KEY_1).orElseThrow();
        assertThat(found.permissions()).isEmpty();
        assertThat(found.domains()).isEmpty();
        assertThat(found.allowedIps()).isEmpty();
        assertThat(found.expiresAt()).isEmpty();
        assertThat(found.lastUsedAt()).isEmpty();
        assertThat(found.lastUsedFrom()).isEmpty();
        assertThat(found.revokedAt()).isEmpty();
    }

    @Test
    default void unknownKeyShouldNotBeFound() {
        assertThat(testee().get(KEY_1)).isEmpty();
    }

    @Test
    default void createShouldRefuseATakenId() {
        testee().create(key(KEY_1, ACME, T0));

        assertThatThrownBy(() -> testee().create(richKey(KEY_1, BETA))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(KEY_1)).contains(key(KEY_1, ACME, T0));
    }

    @Test
    default void updateShouldReplaceTheKey() {
        testee().create(key(KEY_1, ACME, T0));
        ApiKey used = key(KEY_1, ACME, T0).usedAt(T0.plusSeconds(10), "192.0.2.1").withSecretHash("rotated");

        testee().update(used);
        assertThat(testee().get(KEY_1)).contains(used);

        ApiKey revoked = used.revoked(T0.plusSeconds(20));
        testee().update(revoked);
        assertThat(testee().get(KEY_1)).contains(revoked);
    }

    @Test
    default void updateShouldClearOptionalFields() {
        testee().create(richKey(KEY_1, ACME));

        testee().update(key(KEY_1, ACME, T0));

        assertThat(testee().get(KEY_1)).contains(key(KEY_1, ACME, T0));
    }

    @Test
    default void updateOfAnUnknownKeyShouldFail() {
        assertThatThrownBy(() -> testee().update(key(KEY_1, ACME, T0))).isInstanceOf(NotFoundException.class);
        assertThat(testee().get(KEY_1)).isEmpty();
    }

    @Test
    default void ofAccountShouldListThatAccountsKeysOldestFirst() {
        testee().create(key(KEY_1, ACME, T0.plusSeconds(20)));
        testee().create(key(KEY_2, BETA, T0.plusSeconds(10)));
        testee().create(key(KEY_3, ACME, T0.plusMillis(1)));
        testee().create(key(AccessId.of("key_four"), ACME, T0.plusSeconds(5)));

        assertThat(testee().ofAccount(ACME)).extracting(ApiKey::id)
            .containsExactly(KEY_3, AccessId.of("key_four"), KEY_1);
        assertThat(testee().ofAccount(BETA)).containsExactly(key(KEY_2, BETA, T0.plusSeconds(10)));
        assertThat(testee().ofAccount(AccessId.of("acc_none"))).isEmpty();
    }

    @Test
    default void ofAccountShouldKeepRevokedKeys() {
        testee().create(key(KEY_1, ACME, T0));
        testee().update(key(KEY_1, ACME, T0).revoked(T0.plusSeconds(1)));

        assertThat(testee().ofAccount(ACME)).containsExactly(key(KEY_1, ACME, T0).revoked(T0.plusSeconds(1)));
    }

    @Test
    default void recordUseShouldChangeOnlyTheLastUse() {
        testee().create(key(KEY_1, ACME, T0));
        testee().recordUse(KEY_1, T0.plusSeconds(5), "192.0.2.9");
        ApiKey used = testee().get(KEY_1).orElseThrow();
        assertThat(used.lastUsedAt()).contains(T0.plusSeconds(5));
        assertThat(used.lastUsedFrom()).contains("192.0.2.9");
        assertThat(used.secretHash()).isEqualTo("hash-of-key_one");
        assertThat(used.revokedAt()).isEmpty();
    }

    @Test
    default void aLastUseWrittenAfterARevocationShouldNotUndoIt() {
        testee().create(key(KEY_1, ACME, T0));
        assertThat(testee().revoke(KEY_1, T0.plusSeconds(1))).isTrue();
        testee().recordUse(KEY_1, T0.plusSeconds(2), "192.0.2.9");
        assertThat(testee().get(KEY_1).orElseThrow().revokedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    default void revokingTwiceShouldKeepTheFirstTime() {
        testee().create(key(KEY_1, ACME, T0));
        assertThat(testee().revoke(KEY_1, T0.plusSeconds(1))).isTrue();
        assertThat(testee().revoke(KEY_1, T0.plusSeconds(2))).isFalse();
        assertThat(testee().revoke(KEY_2, T0)).isFalse();
        assertThat(testee().get(KEY_1).orElseThrow().revokedAt()).contains(T0.plusSeconds(1));
    }

    @Test
    default void aRevokedKeyShouldGetNoNewSecret() {
        testee().create(key(KEY_1, ACME, T0));
        assertThat(testee().replaceSecret(KEY_1, "new-hash")).isTrue();
        assertThat(testee().get(KEY_1).orElseThrow().secretHash()).isEqualTo("new-hash");
        testee().revoke(KEY_1, T0.plusSeconds(1));
        assertThat(testee().replaceSecret(KEY_1, "newer-hash")).isFalse();
        assertThat(testee().get(KEY_1).orElseThrow().secretHash()).isEqualTo("new-hash");
        assertThat(testee().replaceSecret(KEY_2, "h")).isFalse();
    }
}
