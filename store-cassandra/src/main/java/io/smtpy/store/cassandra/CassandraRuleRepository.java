package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.InvalidFieldException;
import io.smtpy.core.model.LocalPart;
import io.smtpy.rules.Rule;
import io.smtpy.rules.RuleHits;
import io.smtpy.rules.RuleJson;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.RuleScope;
import io.smtpy.rules.RuleSet;
import io.smtpy.store.embedded.StoredInstant;

/**
 * Rule lists in {@code rule_sets}, partitioned by domain with one row per scope (alias {@code ''} for the domain's own
 * list), the list as the same {@link RuleJson} document the embedded store keeps: a list is only read and written
 * whole, and a domain's partition is what deleting the domain removes. Hit counters are in {@code rule_hits}, one
 * partition per scope and one row per rule hit at least once, apart from the lists so that a flush never rewrites them.
 *
 * <p>Lists are replaced by plain writes (last writer wins, as with the embedded store). Counters are added to from
 * every node, so each counter row is only ever written by compare-and-set (read, then {@code IF count = ? AND
 * last_hit = ?}, retried): no increment is lost and the last hit is the later one. Their deletions are conditional
 * too, so that those rows never mix Paxos and plain writes.
 */
public final class CassandraRuleRepository implements RuleRepository {
    public static final TableSet TABLES = TableSet.of("rule_sets")
        .migration(
            "CREATE TABLE IF NOT EXISTS rule_sets (domain text, alias text, rules text, PRIMARY KEY ((domain), alias))",
            "CREATE TABLE IF NOT EXISTS rule_hits (domain text, alias text, rule text, count bigint, last_hit text,"
                + " PRIMARY KEY ((domain, alias), rule))")
        .build();

    private static final String DOMAIN_LIST = "";
    private static final int MAX_ATTEMPTS = 50;

    private final CassandraStore store;

    public CassandraRuleRepository(CassandraStore store) {
        this.store = store;
    }

    @Override
    public Optional<RuleSet> find(RuleScope scope) {
        Row row = store.execute(store.prepare("SELECT rules FROM rule_sets WHERE domain = ? AND alias = ?")
            .bind(domain(scope), alias(scope)), "reading the rules of " + scope).one();
        return Optional.ofNullable(row).map(found -> parse(scope, found.getString("rules")));
    }

    @Override
    public void put(RuleScope scope, RuleSet rules) {
        store.execute(store.prepare("INSERT INTO rule_sets (domain, alias, rules) VALUES (?, ?, ?)")
            .bind(domain(scope), alias(scope), RuleJson.write(rules, Map.of()).toString()), "storing the rules of " + scope);
        Set<String> names = names(rules);
        for (String counted : hitNames(scope)) {
            if (!names.contains(counted)) {
                deleteHits(scope, counted);
            }
        }
    }

    @Override
    public boolean delete(RuleScope scope) {
        boolean existed = store.execute(store.prepare("SELECT alias FROM rule_sets WHERE domain = ? AND alias = ?")
            .bind(domain(scope), alias(scope)), "reading the rules of " + scope).one() != null;
        // The list first: from then on addHits ignores the scope, so no counter comes back after its deletion.
        store.execute(store.prepare("DELETE FROM rule_sets WHERE domain = ? AND alias = ?")
            .bind(domain(scope), alias(scope)), "deleting the rules of " + scope);
        hitNames(scope).forEach(rule -> deleteHits(scope, rule));
        return existed;
    }

    @Override
    public void deleteDomain(DomainName domain) {
        List<RuleScope> scopes = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT alias FROM rule_sets WHERE domain = ?").bind(domain.asString()),
            "listing the rule lists of " + domain)) {
            scopes.add(scope(domain.asString(), row.getString("alias")));
        }
        store.execute(store.prepare("DELETE FROM rule_sets WHERE domain = ?").bind(domain.asString()),
            "deleting the rule lists of " + domain);
        for (RuleScope scope : scopes) {
            hitNames(scope).forEach(rule -> deleteHits(scope, rule));
        }
    }

    /** The whole table: read once at start to build the index. */
    @Override
    public Map<RuleScope, RuleSet> all() {
        Map<RuleScope, RuleSet> all = new HashMap<>();
        for (Row row : store.execute(store.prepare("SELECT domain, alias, rules FROM rule_sets").bind(), "listing rule lists")) {
            RuleScope scope = scope(row.getString("domain"), row.getString("alias"));
            all.put(scope, parse(scope, row.getString("rules")));
        }
        return Map.copyOf(all);
    }

    @Override
    public Map<String, RuleHits> hits(RuleScope scope) {
        Map<String, RuleHits> hits = new HashMap<>();
        for (Row row : store.execute(store.prepare("SELECT rule, count, last_hit FROM rule_hits WHERE domain = ? AND alias = ?")
            .bind(domain(scope), alias(scope)), "reading the rule hits of " + scope)) {
            hits.put(row.getString("rule"), hits(row));
        }
        return Map.copyOf(hits);
    }

    @Override
    public void addHits(RuleScope scope, Map<String, RuleHits> increments) {
        if (increments.isEmpty()) {
            return;
        }
        Optional<RuleSet> stored = find(scope);
        if (stored.isEmpty()) {
            return;
        }
        Set<String> names = names(stored.get());
        increments.forEach((rule, increment) -> {
            if (names.contains(rule)) {
                add(scope, rule, increment);
            }
        });
    }

    /** Compare-and-set until applied: two nodes flushing the same counter both count. */
    private void add(RuleScope scope, String rule, RuleHits increment) {
        String doing = "counting hits of rule '" + rule + "' of " + scope;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Row current = store.execute(store.prepare("SELECT count, last_hit FROM rule_hits WHERE domain = ? AND alias = ? AND rule = ?")
                .bind(domain(scope), alias(scope), rule).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL), doing).one();
            boolean applied;
            if (current == null) {
                applied = store.applied(store.prepare("INSERT INTO rule_hits (domain, alias, rule, count, last_hit)"
                    + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS").bind(domain(scope), alias(scope), rule, increment.count(),
                    increment.lastHit().map(StoredInstant::format).orElse(null)), doing);
            } else {
                RuleHits sum = hits(current).plus(increment);
                applied = store.applied(store.prepare("UPDATE rule_hits SET count = ?, last_hit = ?"
                    + " WHERE domain = ? AND alias = ? AND rule = ? IF count = ? AND last_hit = ?")
                    .bind(sum.count(), sum.lastHit().map(StoredInstant::format).orElse(null), domain(scope), alias(scope), rule,
                        current.getLong("count"), current.getString("last_hit")), doing);
            }
            if (applied) {
                return;
            }
        }
        throw new CassandraStoreException("gave up " + doing + " after " + MAX_ATTEMPTS + " concurrent updates");
    }

    private void deleteHits(RuleScope scope, String rule) {
        store.applied(store.prepare("DELETE FROM rule_hits WHERE domain = ? AND alias = ? AND rule = ? IF EXISTS")
            .bind(domain(scope), alias(scope), rule), "dropping the hits of rule '" + rule + "' of " + scope);
    }

    private List<String> hitNames(RuleScope scope) {
        List<String> names = new ArrayList<>();
        for (Row row : store.execute(store.prepare("SELECT rule FROM rule_hits WHERE domain = ? AND alias = ?")
            .bind(domain(scope), alias(scope)), "reading the counted rules of " + scope)) {
            names.add(row.getString("rule"));
        }
        return names;
    }

    private static RuleHits hits(Row row) {
        return new RuleHits(row.getLong("count"), Optional.ofNullable(row.getString("last_hit")).map(StoredInstant::parse));
    }

    /** Lenient limits: a list stored under other limits must still be read back. */
    private static RuleSet parse(RuleScope scope, String json) {
        try {
            return RuleJson.read(json, RuleLimits.lenient());
        } catch (InvalidFieldException e) {
            throw new CassandraStoreException("the stored rules of " + scope.asString() + " cannot be read (" + e.field() + ": "
                + e.getMessage() + ")", e);
        }
    }

    private static Set<String> names(RuleSet rules) {
        return rules.rules().stream().map(Rule::name).collect(Collectors.toSet());
    }

    private static String domain(RuleScope scope) {
        return scope.domain().asString();
    }

    private static String alias(RuleScope scope) {
        return scope.alias().map(LocalPart::asString).orElse(DOMAIN_LIST);
    }

    private static RuleScope scope(String domain, String alias) {
        DomainName name = DomainName.of(domain);
        return alias.equals(DOMAIN_LIST) ? RuleScope.domain(name) : RuleScope.alias(name, LocalPart.of(alias));
    }
}
