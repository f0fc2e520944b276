package io.smtpy.store.cassandra;

import static io.smtpy.rules.lists.ListRepositoryContract.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import io.smtpy.core.store.AlreadyExistsException;
import io.smtpy.rules.lists.ListEntry;
import io.smtpy.rules.lists.ListRepository;
import io.smtpy.rules.lists.ListRepositoryContract;
import io.smtpy.rules.lists.ListType;
import io.smtpy.rules.lists.ListValue;

class CassandraListRepositoryTest implements ListRepositoryContract {
    @RegisterExtension
    static final CassandraStoreExtension CASSANDRA = new CassandraStoreExtension(CassandraListRepository.TABLES);

    @Override
    public ListRepository testee() {
        return new CassandraListRepository(CASSANDRA.store());
    }

    @Test
    void anImportOfManyBatchesShouldKeepTheOrderAdded() {
        List<ListEntry> entries = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            entries.add(ListRepositoryContract.entry(DOMAIN, ListType.BLOCK, "n" + (249 - i) + ".example"));
        }

        testee().addAll(entries);

        assertThat(testee().list(DOMAIN)).containsExactlyElementsOf(entries);
    }

    @Test
    void anImportRefusedForATakenIdShouldLeaveNothingBehind() {
        ListEntry stored = ListRepositoryContract.entry(DOMAIN, ListType.BLOCK, "b.example");
        testee().add(stored);
        ListEntry fresh = ListRepositoryContract.entry(DOMAIN, ListType.BLOCK, "c.example");
        ListEntry sameId = ListEntry.builder(stored.id(), DOMAIN, ListType.BLOCK, ListValue.parse("d.example"), T0).build();

        assertThatThrownBy(() -> testee().addAll(List.of(fresh, sameId))).isInstanceOf(AlreadyExistsException.class);

        assertThat(testee().list(DOMAIN)).containsExactly(stored);
        assertThat(count("list_entry_ids")).isEqualTo(1);
        testee().add(fresh);
        assertThat(testee().find(DOMAIN, fresh.id())).contains(fresh);
    }

    private static long count(String table) {
        return CASSANDRA.store().session().execute(SimpleStatement.newInstance("SELECT count(*) FROM " + table)).one().getLong(0);
    }
}
