package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.rules.RuleRepository;
import io.smtpy.rules.RuleRepositoryContract;

class EmbeddedRuleRepositoryTest implements RuleRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public RuleRepository testee() {
        return embedded.store().rules();
    }

    @Test
    void listsAndHitsShouldBeFoundAfterReopening() throws Exception {
        testee().put(SALES, RuleRepositoryContract.richSet());
        String rule = RuleRepositoryContract.richSet().rules().get(0).name();
        testee().addHits(SALES, RuleRepositoryContract.hit(rule, 7, T0));

        embedded.reopen();

        assertThat(testee().find(SALES)).contains(RuleRepositoryContract.richSet());
        assertThat(testee().hits(SALES)).isEqualTo(RuleRepositoryContract.hit(rule, 7, T0));
        assertThat(RawDatabase.strings(embedded.file(), "SELECT alias FROM rule_sets")).containsExactly("sales");
    }

    @Test
    void theDomainListShouldBeStoredWithAnEmptyAlias() throws Exception {
        testee().put(DOMAIN, RuleRepositoryContract.named("a"));

        assertThat(RawDatabase.strings(embedded.file(), "SELECT domain || '|' || alias FROM rule_sets"))
            .containsExactly("example.com|");
    }
}
