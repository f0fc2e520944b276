package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.access.Account;
import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.core.store.NotFoundException;

/**
 * What every {@link AccountRepository} must do. A backend test implements this interface and {@link #testee()}.
 *
 * <p>Instants in the access contracts are whole milliseconds: a backend must give back at least that precision
 * (the embedded store keeps nanoseconds). Durations must come back equal.
 */
public interface AccountRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");

    AccountRepository testee();

    static Account account(AccessId id) {
        return new Account(id, "Acme Ltd", T0, Account.DEFAULT_AUDIT_RETENTION);
    }

    @Test
    default void createdAccountShouldBeFound() {
        testee().create(account(ACME));

        assertThat(testee().get(ACME)).contains(account(ACME));
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        Account account = new Account(ACME, "Ünïcode & Co — «team»", T0.plusMillis(7), Duration.ofDays(30).plusHours(6));
        testee().create(account);

        Account found = testee().get(ACME).orElseThrow();
        assertThat(found).isEqualTo(account);
        assertThat(found.name()).isEqualTo("Ünïcode & Co — «team»");
        assertThat(found.createdAt()).isEqualTo(T0.plusMillis(7));
        assertThat(found.auditRetention()).isEqualTo(Duration.ofDays(30).plusHours(6));
    }

    @Test
    default void unknownAccountShouldNotBeFound() {
        assertThat(testee().get(ACME)).isEmpty();
    }

    @Test
    default void createShouldRefuseATakenId() {
        testee().create(account(ACME));

        assertThatThrownBy(() -> testee().create(account(ACME).withName("Other"))).isInstanceOf(AlreadyExistsException.class);
        assertThat(testee().get(ACME)).contains(account(ACME));
    }

    @Test
    default void listShouldBeSortedById() {
        testee().create(account(BETA));
        testee().create(account(ACME));

        assertThat(testee().list()).extracting(Account::id).containsExactly(ACME, BETA);
    }

    @Test
    default void listShouldBeEmptyWithoutAccounts() {
        assertThat(testee().list()).isEmpty();
    }

    @Test
    default void updateShouldReplaceNameAndRetention() {
        testee().create(account(ACME));
        Account renamed = account(ACME).withName("Acme Group").withAuditRetention(Duration.ofDays(90));

        testee().update(renamed);

        assertThat(testee().get(ACME)).contains(renamed);
    }

    @Test
    default void updateOfAnUnknownAccountShouldFail() {
        assertThatThrownBy(() -> testee().update(account(ACME))).isInstanceOf(NotFoundException.class);
        assertThat(testee().get(ACME)).isEmpty();
    }

    @Test
    default void deleteShouldRemoveOnlyThatAccount() {
        testee().create(account(ACME));
        testee().create(account(BETA));

        assertThat(testee().delete(ACME)).isTrue();

        assertThat(testee().get(ACME)).isEmpty();
        assertThat(testee().list()).extracting(Account::id).containsExactly(BETA);
    }

    @Test
    default void deleteOfAnUnknownAccountShouldSayNothingWasDeleted() {
        assertThat(testee().delete(ACME)).isFalse();
    }
}
