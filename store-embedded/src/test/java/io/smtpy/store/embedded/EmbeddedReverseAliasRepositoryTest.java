package io.smtpy.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.sending.reverse.ReverseAlias;
import io.smtpy.sending.reverse.ReverseAliasRepository;
import io.smtpy.sending.reverse.ReverseAliasRepositoryContract;

class EmbeddedReverseAliasRepositoryTest implements ReverseAliasRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public ReverseAliasRepository testee() {
        return embedded.store().reverseAliases();
    }

    @Test
    void reverseAliasShouldStillBeFoundAfterTheStoreWasReopened() {
        ReverseAlias reverse = testee().addOrGet(ReverseAliasRepositoryContract.reverse(DOMAIN, SALES, "jane@customer.example", NOW));

        assertThat(embedded.reopen().reverseAliases().findByToken(reverse.token())).contains(reverse);
    }

    @Test
    void lookupByTokenShouldUseTheUniqueIndex() {
        assertThat(embedded.queryPlan("SELECT * FROM reverse_aliases WHERE token = 'abcdefghijklmnopqrst'"))
            .contains("USING INDEX reverse_aliases_by_token");
    }

    @Test
    void listShouldReadTheDomainsRangeInOrderWithoutSorting() {
        assertThat(embedded.queryPlan("SELECT * FROM reverse_aliases WHERE domain = 'brand.example' ORDER BY created_at, id"))
            .contains("USING INDEX reverse_aliases_by_domain")
            .doesNotContain("TEMP B-TREE");
    }
}
