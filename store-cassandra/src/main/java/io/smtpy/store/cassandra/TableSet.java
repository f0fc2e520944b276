package io.smtpy.store.cassandra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of one storage concern (domains and aliases, access, rules...) as an ordered list of versioned
 * migrations. {@link CassandraStore#migrate(TableSet)} applies those a keyspace lacks, once per cluster. Each
 * statement must be idempotent ({@code CREATE TABLE IF NOT EXISTS}, {@code ALTER TABLE ... ADD} of a new column),
 * because a node that died mid-migration leaves its successor to run it again. Released migrations are never edited:
 * a change is a new version at the end.
 */
public final class TableSet {
    private static final Pattern CREATED_TABLE = Pattern.compile(
        "(?i)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z][a-z0-9_]*)");

    private final String concern;
    private final List<List<String>> migrations;

    private TableSet(String concern, List<List<String>> migrations) {
        this.concern = concern;
        this.migrations = migrations;
    }

    public static Builder of(String concern) {
        return new Builder(concern);
    }

    public String concern() {
        return concern;
    }

    /** The newest version: the number of migrations. */
    public int version() {
        return migrations.size();
    }

    /** The statements of migration {@code version} (from 1). */
    public List<String> statements(int version) {
        return migrations.get(version - 1);
    }

    /** Every table these migrations create, in order. */
    public Set<String> tables() {
        Set<String> tables = new LinkedHashSet<>();
        for (List<String> statements : migrations) {
            for (String statement : statements) {
                Matcher created = CREATED_TABLE.matcher(statement);
                if (created.find()) {
                    tables.add(created.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return tables;
    }

    public static final class Builder {
        private final String concern;
        private final List<List<String>> migrations = new ArrayList<>();

        private Builder(String concern) {
            if (!concern.matches("[a-z][a-z0-9_-]*")) {
                throw new IllegalArgumentException("not a concern name: " + concern);
            }
            this.concern = concern;
        }

        /** The next migration: its statements, run in order. */
        public Builder migration(String... statements) {
            if (statements.length == 0) {
                throw new IllegalArgumentException("a migration of " + concern + " has no statement");
            }
            migrations.add(List.of(statements));
            return this;
        }

        public TableSet build() {
            if (migrations.isEmpty()) {
                throw new IllegalArgumentException(concern + " has no migration");
            }
            return new TableSet(concern, List.copyOf(migrations));
        }
    }
}
