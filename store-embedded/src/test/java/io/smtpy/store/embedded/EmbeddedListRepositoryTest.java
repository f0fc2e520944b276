package io.smtpy.store.embedded;

import static io.smtpy.rules.lists.ListRepositoryContract.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.ListRepositoryContract;

class EmbeddedListRepositoryTest implements ListRepositoryContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public ListRepository testee() {
        return embedded.store().lists();
    }

    @Test
    void entriesShouldBeFoundAfterReopening() throws Exception {
        ListEntry rich = ListRepositoryContract.richEntry(DOMAIN);
        testee().add(rich);

        embedded.reopen();

        assertThat(testee().find(DOMAIN, rich.id())).contains(rich);
        assertThat(RawDatabase.strings(embedded.file(), "SELECT scope || ' ' || domain || ' ' || value FROM list_entries"))
            .containsExactly("domain:example.com example.com news*@shop.example");
    }
}
