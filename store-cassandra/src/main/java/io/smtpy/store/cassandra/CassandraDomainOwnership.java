package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.access.AccessId;
import io.smtpy.access.store.DomainOwnership;
import io.smtpy.core.model.DomainName;

/**
 * Domain owners in {@code domain_owners} (one partition per domain: the owner, which is what access checks ask) and
 * {@code domain_owners_by_account} (one partition per account, its domains as clustering rows in name order, for
 * {@link #domainsOf}). Both change in one logged batch.
 *
 * <p>Moving a domain deletes the index row of the owner read just before; two moves at once can both read the same
 * old owner and leave an index row behind. So {@link #domainsOf} keeps only the domains whose {@code domain_owners}
 * row still names the account: a stale index row never shows an account a domain it does not own.
 */
public final class CassandraDomainOwnership implements DomainOwnership {
    public static final TableSet TABLES = TableSet.of("domain_owners")
        .migration(
            "CREATE TABLE IF NOT EXISTS domain_owners (domain text PRIMARY KEY, account text)",
            "CREATE TABLE IF NOT EXISTS domain_owners_by_account (account text, domain text, PRIMARY KEY (account, domain))")
        .build();

    /** Owners are checked this many domains per query. */
    private static final int CHECKED_AT_ONCE = 100;

    private final CassandraStore store;

    public CassandraDomainOwnership(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Optional<AccessId> owner(DomainName domain) {
        Row row = store.execute(store.prepare("SELECT account FROM domain_owners WHERE domain = ?").bind(domain.asString()),
            "reading the owner of " + domain).one();
        return Optional.ofNullable(row).map(found -> AccessId.of(found.getString("account")));
    }

    @Override
    public void assign(DomainName domain, AccessId account) {
        Optional<AccessId> previous = owner(domain);
        BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.LOGGED)
            .addStatement(store.prepare("INSERT INTO domain_owners (domain, account) VALUES (?, ?)")
                .bind(domain.asString(), account.asString()))
            .addStatement(store.prepare("INSERT INTO domain_owners_by_account (account, domain) VALUES (?, ?)")
                .bind(account.asString(), domain.asString()));
        previous.filter(owner -> !owner.equals(account))
            .ifPresent(owner -> batch.addStatement(unindex(owner, domain)));
        store.executeLogged(batch.build(), "assigning " + domain + " to " + account);
    }

    @Override
    public void release(DomainName domain) {
        Optional<AccessId> previous = owner(domain);
        if (previous.isEmpty()) {
            return;
        }
        store.executeLogged(BatchStatement.newInstance(DefaultBatchType.LOGGED,
            store.prepare("DELETE FROM domain_owners WHERE domain = ?").bind(domain.asString()),
            unindex(previous.get(), domain)), "releasing " + domain);
    }

    @Override
    public List<DomainName> domainsOf(AccessId account) {
        List<String> indexed = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT domain FROM domain_owners_by_account WHERE account = ?")
            .bind(account.asString()), "listing the domains of " + account)) {
            indexed.add(row.getString("domain"));
        }
        List<DomainName> owned = new ArrayList<>();
        for (int from = 0; from < indexed.size(); from += CHECKED_AT_ONCE) {
            List<String> chunk = indexed.subList(from, Math.min(indexed.size(), from + CHECKED_AT_ONCE));
            for (Row row : store.execute(store.prepare("SELECT domain, account FROM domain_owners WHERE domain IN ?")
                .bind(chunk), "checking the owners of " + account + "'s domains")) {
                if (account.asString().equals(row.getString("account"))) {
                    owned.add(DomainName.of(row.getString("domain")));
                }
            }
        }
        owned.sort(Comparator.naturalOrder());
        return owned;
    }

    private BoundStatement unindex(AccessId owner, DomainName domain) {
        return store.prepare("DELETE FROM domain_owners_by_account WHERE account = ? AND domain = ?")
            .bind(owner.asString(), domain.asString());
    }
}
