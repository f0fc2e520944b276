package io.smtpy.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.common.collect.ImmutableMap;

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

/**
 * Rule lists in the {@code rule_sets} table, one row per scope (alias {@code ''} for the domain's own list) holding
 * the list as its JSON document ({@link RuleJson}); hit counters in {@code rule_hits}, one row per rule hit at least
 * once.
 */
final class EmbeddedRuleRepository implements RuleRepository {
    private static final String DOMAIN_LIST = "";

    private final SqliteConnections connections;

    EmbeddedRuleRepository(SqliteConnections connections) {
        this.connections = connections;
    }

    @Override
    public Optional<RuleSet> find(RuleScope scope) {
        return connections.read(connection -> stored(connection, scope));
    }

    @Override
    public void put(RuleScope scope, RuleSet rules) {
        String json = RuleJson.write(rules, Map.of()).toString();
        Set<String> names = names(rules);
        connections.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO rule_sets (domain, alias, rules)"
                + " VALUES (?, ?, ?) ON CONFLICT (domain, alias) DO UPDATE SET rules = excluded.rules")) {
                bind(upsert, scope);
                upsert.setString(3, json);
                upsert.executeUpdate();
            }
            for (String counted : hitNames(connection, scope)) {
                if (!names.contains(counted)) {
                    try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM rule_hits WHERE domain = ? AND alias = ? AND rule = ?")) {
                        bind(delete, scope);
                        delete.setString(3, counted);
                        delete.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    @Override
    public boolean delete(RuleScope scope) {
        return connections.write(connection -> {
            try (PreparedStatement hits = connection.prepareStatement("DELETE FROM rule_hits WHERE domain = ? AND alias = ?");
                 PreparedStatement set = connection.prepareStatement("DELETE FROM rule_sets WHERE domain = ? AND alias = ?")) {
                bind(hits, scope);
                hits.executeUpdate();
                bind(set, scope);
                return set.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void deleteDomain(DomainName domain) {
        connections.write(connection -> {
            try (PreparedStatement hits = connection.prepareStatement("DELETE FROM rule_hits WHERE domain = ?");
                 PreparedStatement sets = connection.prepareStatement("DELETE FROM rule_sets WHERE domain = ?")) {
                hits.setString(1, domain.asString());
                hits.executeUpdate();
                sets.setString(1, domain.asString());
                sets.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public Map<RuleScope, RuleSet> all() {
        return connections.read(connection -> {
            Map<RuleScope, RuleSet> all = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT domain, alias, rules FROM rule_sets");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    RuleScope scope = scope(rows.getString("domain"), rows.getString("alias"));
                    all.put(scope, parse(scope, rows.getString("rules")));
                }
            }
            return ImmutableMap.copyOf(all);
        });
    }

    @Override
    public Map<String, RuleHits> hits(RuleScope scope) {
        return connections.read(connection -> {
            Map<String, RuleHits> hits = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT rule, count, last_hit FROM rule_hits WHERE domain = ? AND alias = ?")) {
                bind(select, scope);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String lastHit = rows.getString("last_hit");
                        hits.put(rows.getString("rule"), new RuleHits(rows.getLong("count"),
                            Optional.ofNullable(lastHit).map(StoredInstant::parse)));
                    }
                }
            }
            return ImmutableMap.copyOf(hits);
        });
    }

    @Override
    public void addHits(RuleScope scope, Map<String, RuleHits> increments) {
        if (increments.isEmpty()) {
            return;
        }
        connections.write(connection -> {
            Optional<RuleSet> stored = stored(connection, scope);
            if (stored.isEmpty()) {
                return null;
            }
            Set<String> names = names(stored.get());
            // Fixed-width UTC text (StoredInstant) compares in time order; a NULL last hit loses to any other.
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO rule_hits (domain, alias, rule, count, last_hit)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (domain, alias, rule) DO UPDATE SET count = count + excluded.count,"
                + " last_hit = CASE WHEN last_hit IS NULL OR excluded.last_hit > last_hit THEN COALESCE(excluded.last_hit, last_hit)"
                + " ELSE last_hit END")) {
                for (Map.Entry<String, RuleHits> increment : increments.entrySet()) {
                    if (!names.contains(increment.getKey())) {
                        continue;
                    }
                    bind(upsert, scope);
                    upsert.setString(3, increment.getKey());
                    upsert.setLong(4, increment.getValue().count());
                    upsert.setString(5, increment.getValue().lastHit().map(StoredInstant::format).orElse(null));
                    upsert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static Optional<RuleSet> stored(Connection connection, RuleScope scope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT rules FROM rule_sets WHERE domain = ? AND alias = ?")) {
            bind(select, scope);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(parse(scope, rows.getString("rules"))) : Optional.empty();
            }
        }
    }

    private static List<String> hitNames(Connection connection, RuleScope scope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT rule FROM rule_hits WHERE domain = ? AND alias = ?")) {
            bind(select, scope);
            try (ResultSet rows = select.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString("rule"));
                }
                return names;
            }
        }
    }

    /** Lenient limits: a list stored under other limits must still be read back. */
    private static RuleSet parse(RuleScope scope, String json) {
        try {
            return RuleJson.read(json, RuleLimits.lenient());
        } catch (InvalidFieldException e) {
            throw new EmbeddedStoreException("the stored rules of " + scope.asString() + " cannot be read (" + e.field() + ": "
                + e.getMessage() + ")", e);
        }
    }

    private static Set<String> names(RuleSet rules) {
        return rules.rules().stream().map(Rule::name).collect(Collectors.toCollection(HashSet::new));
    }

    private static void bind(PreparedStatement statement, RuleScope scope) throws SQLException {
        statement.setString(1, scope.domain().asString());
        statement.setString(2, scope.alias().map(LocalPart::asString).orElse(DOMAIN_LIST));
    }

    private static RuleScope scope(String domain, String alias) {
        DomainName name = DomainName.of(domain);
        return alias.equals(DOMAIN_LIST) ? RuleScope.domain(name) : RuleScope.alias(name, LocalPart.of(alias));
    }
}
