package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.Row;

import io.smtpy.rules.RuleJson;
import io.smtpy.rules.RuleLimits;
import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.RuleRepositoryContract;

class CassandraRuleRepositoryTest implements RuleRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraRuleRepository.TABLES);

    @Override
    public RuleRepository testee() {
        return new CassandraRuleRepository(CASSANDRA.store());
    }

    @Test
    void theDomainListShouldBeStoredWithAnEmptyAliasAsItsRuleJsonDocument() throws Exception {
        testee().put(DOMAIN, RuleRepositoryContract.richSet());

        Row row = CASSANDRA.store().session().execute("SELECT domain, alias, rules FROM rule_sets").one();

        assertThat(row.getString("domain") + "|" + row.getString("alias")).isEqualTo("example.com|");
        assertThat(row.getString("rules")).isEqualTo(RuleJson.write(RuleRepositoryContract.richSet(), Map.of()).toString());
        assertThat(RuleJson.read(row.getString("rules"), RuleLimits.lenient())).isEqualTo(RuleRepositoryContract.richSet());
    }
}
