package io.smtpy.store.embedded;

import static io.smtpy.rules.lists.ListRepositoryContract.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.testing.MovableClock;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListImport;
import io.smtpy.rules.lists.ListLimits;
import io.smtpy.rules.lists.ListQuery;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.ListRepositoryContract;
import io.smtpy.rules.lists.SenderLists;

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

    @Test
    void importedListsAndFlushedHitsShouldOutliveTheProcess() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SenderLists lists = new SenderLists(testee(), clock, ListLimits.defaults());
        ListImport imported = lists.importCsv(DOMAIN, new StringReader("type,value,alias\nblock,@spam.example,\nallow,192.0.2.0/24,info\n"));
        assertThat(imported.errors()).isEmpty();
        ListQuery query = ListQuery.of(DomainName.of("example.com"), MaybeSender.of(new MailAddress("x@spam.example")));
        lists.decide(query);
        lists.flushHits();

        embedded.reopen();
        SenderLists afterRestart = new SenderLists(testee(), clock, ListLimits.defaults());

        assertThat(afterRestart.decide(query).blocked()).isTrue();
        assertThat(afterRestart.list(DOMAIN).get(0).hits()).isEqualTo(2);
        assertThat(afterRestart.list(ListRepositoryContract.ALIAS)).hasSize(1);
    }
}
