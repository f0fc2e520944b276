package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.access.store.DomainOwnership;
import io.smtpy.access.store.DomainOwnershipContract;

class CassandraDomainOwnershipTest implements DomainOwnershipContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraDomainOwnership.TABLES);

    @Override
    public DomainOwnership testee() {
        return new CassandraDomainOwnership(CASSANDRA.store());
    }

    @Test
    void indexRowLeftByConcurrentMovesShouldNotShowTheDomainToItsFormerOwner() {
        testee().assign(A, BETA);
        testee().assign(B, ACME);
        // What two moves at once can leave: ACME still listed as an owner of A.
        CASSANDRA.store().execute(CASSANDRA.store().prepare("INSERT INTO domain_owners_by_account (account, domain) VALUES (?, ?)")
            .bind(ACME.asString(), A.asString()), "planting a stale index row");

        assertThat(testee().domainsOf(ACME)).containsExactly(B);
        assertThat(testee().domainsOf(BETA)).containsExactly(A);
    }
}
