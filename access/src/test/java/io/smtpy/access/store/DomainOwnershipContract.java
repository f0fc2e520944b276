package io.smtpy.access.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtpy.access.AccessId;
import io.smtpy.core.model.DomainName;

/** What every {@link DomainOwnership} must do. A backend test implements this interface and {@link #testee()}. */
public interface DomainOwnershipContract {
    AccessId ACME = AccessId.of("acc_acme");
    AccessId BETA = AccessId.of("acc_beta");
    DomainName A = DomainName.of("a.example");
    DomainName B = DomainName.of("b.example");
    DomainName C = DomainName.of("c.example");

    DomainOwnership testee();

    @Test
    default void domainWithoutAnEntryShouldHaveNoOwner() {
        assertThat(testee().owner(A)).isEmpty();
    }

    @Test
    default void assignedDomainShouldHaveThatOwner() {
        testee().assign(A, ACME);

        assertThat(testee().owner(A)).contains(ACME);
        assertThat(testee().owner(B)).isEmpty();
    }

    @Test
    default void assignShouldMoveADomainToAnotherAccount() {
        testee().assign(A, ACME);

        testee().assign(A, BETA);

        assertThat(testee().owner(A)).contains(BETA);
        assertThat(testee().domainsOf(ACME)).isEmpty();
        assertThat(testee().domainsOf(BETA)).containsExactly(A);
    }

    @Test
    default void releaseShouldForgetTheOwner() {
        testee().assign(A, ACME);
        testee().assign(B, ACME);

        testee().release(A);

        assertThat(testee().owner(A)).isEmpty();
        assertThat(testee().domainsOf(ACME)).containsExactly(B);
    }

    @Test
    default void releaseOfADomainWithoutOwnerShouldDoNothing() {
        testee().assign(A, ACME);

        testee().release(B);

        assertThat(testee().domainsOf(ACME)).containsExactly(A);
    }

    @Test
    default void domainsOfShouldListThatAccountsDomainsInNameOrder() {
        testee().assign(C, ACME);
        testee().assign(B, BETA);
        testee().assign(A, ACME);

        assertThat(testee().domainsOf(ACME)).containsExactly(A, C);
        assertThat(testee().domainsOf(BETA)).containsExactly(B);
        assertThat(testee().domainsOf(AccessId.of("acc_none"))).isEmpty();
    }
}
