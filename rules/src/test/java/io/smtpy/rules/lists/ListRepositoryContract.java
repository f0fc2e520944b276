package io.smtpy.rules.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/** What every {@link ListRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface ListRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");
    ListScope DOMAIN = ListScope.domain(EXAMPLE);
    ListScope ALIAS = ListScope.alias(EXAMPLE, LocalPart.of("info"));

    ListRepository testee();

    static ListEntry entry(ListScope scope, ListType type, String value) {
        return ListEntry.builder(ListEntryId.random(), scope, type, ListValue.parse(value), T0).build();
    }

    /** Every field set, with text that trips naive storage (quotes, SQL, beyond the BMP). */
    static ListEntry richEntry(ListScope scope) {
        return ListEntry.builder(ListEntryId.random(), scope, ListType.BLOCK, ListValue.parse("news*@shop.example"), T0.plusNanos(123_456_789))
            .action(ListAction.QUARANTINE)
            .note("O'Brien's \"shop\"; DROP TABLE list_entries;-- \uD83D\uDCEC")
            .expiresAt(T0.plusSeconds(86_400).plusNanos(1))
            .hits(7, java.util.Optional.of(T0.plusSeconds(60)))
            .build();
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        ListEntry rich = richEntry(ALIAS);

        testee().add(rich);

        assertThat(testee().find(ALIAS, rich.id())).contains(rich);
        assertThat(testee().list(ALIAS)).containsExactly(rich);
    }

    @Test
    default void everyScopeShouldRoundTrip() {
        List<ListScope> scopes = List.of(ListScope.operator(), ListScope.account("acct-1"), DOMAIN, ALIAS);
        for (ListScope scope : scopes) {
            ListEntry entry = entry(scope, ListType.ALLOW, "2001:db8::/32");
            testee().add(entry);
            assertThat(testee().list(scope)).containsExactly(entry);
        }
        assertThat(testee().all()).hasSize(4);
    }

    @Test
    default void listShouldKeepTheOrderAddedAndTheScope() {
        ListEntry first = entry(DOMAIN, ListType.BLOCK, "b.example");
        ListEntry second = entry(DOMAIN, ListType.ALLOW, "a@b.example");
        ListEntry elsewhere = entry(ListScope.domain(OTHER), ListType.BLOCK, "b.example");

        testee().add(first);
        testee().add(elsewhere);
        testee().add(second);

        assertThat(testee().list(DOMAIN)).containsExactly(first, second);
        assertThat(testee().list(ALIAS)).isEmpty();
        assertThat(testee().find(ALIAS, first.id())).isEmpty();
    }

    @Test
    default void sameTypeAndValueInOneScopeShouldBeRefused() {
        testee().add(entry(DOMAIN, ListType.BLOCK, "b.example"));

        assertThatThrownBy(() -> testee().add(entry(DOMAIN, ListType.BLOCK, "b.example")))
            .isInstanceOf(AlreadyExistsException.class);
        testee().add(entry(DOMAIN, ListType.ALLOW, "b.example"));
        testee().add(entry(ALIAS, ListType.BLOCK, "b.example"));
        assertThat(testee().all()).hasSize(3);
    }

    @Test
    default void addAllShouldAddNothingWhenOneIsADuplicate() {
        testee().add(entry(DOMAIN, ListType.BLOCK, "b.example"));

        assertThatThrownBy(() -> testee().addAll(List.of(entry(DOMAIN, ListType.BLOCK, "c.example"),
            entry(DOMAIN, ListType.BLOCK, "b.example"))))
            .isInstanceOf(AlreadyExistsException.class);

        assertThat(testee().list(DOMAIN)).extracting(entry -> entry.value().asString()).containsExactly("b.example");
    }

    @Test
    default void addAllShouldAddEveryEntryInOrder() {
        List<ListEntry> entries = List.of(entry(DOMAIN, ListType.BLOCK, "c.example"), entry(ALIAS, ListType.ALLOW, "192.0.2.0/24"),
            entry(DOMAIN, ListType.BLOCK, "a.example"));

        testee().addAll(entries);

        assertThat(testee().list(DOMAIN)).containsExactly(entries.get(0), entries.get(2));
        assertThat(testee().list(ALIAS)).containsExactly(entries.get(1));
    }

    @Test
    default void deleteShouldRemoveOnlyThatEntryOfThatScope() {
        ListEntry kept = entry(DOMAIN, ListType.BLOCK, "b.example");
        ListEntry deleted = entry(DOMAIN, ListType.BLOCK, "c.example");
        testee().addAll(List.of(kept, deleted));

        assertThat(testee().delete(ALIAS, deleted.id())).isFalse();
        assertThat(testee().delete(DOMAIN, deleted.id())).isTrue();
        assertThat(testee().delete(DOMAIN, deleted.id())).isFalse();

        assertThat(testee().list(DOMAIN)).containsExactly(kept);
        testee().add(entry(DOMAIN, ListType.BLOCK, "c.example"));
    }

    @Test
    default void deleteDomainShouldRemoveTheDomainAndItsAliasesOnly() {
        ListEntry operator = entry(ListScope.operator(), ListType.BLOCK, "b.example");
        ListEntry other = entry(ListScope.alias(OTHER, LocalPart.of("info")), ListType.BLOCK, "b.example");
        testee().addAll(List.of(operator, other, entry(DOMAIN, ListType.BLOCK, "b.example"), entry(ALIAS, ListType.BLOCK, "b.example")));

        testee().deleteDomain(EXAMPLE);

        assertThat(testee().all()).containsExactlyInAnyOrder(operator, other);
        testee().add(entry(DOMAIN, ListType.BLOCK, "b.example"));
    }

    @Test
    default void recordHitsShouldAddToTheCountAndKeepTheLatestHit() {
        ListEntry entry = entry(DOMAIN, ListType.BLOCK, "b.example");
        testee().add(entry);

        testee().recordHits(List.of(new ListHits(DOMAIN, entry.id(), 3, T0.plusSeconds(10))));
        testee().recordHits(List.of(new ListHits(DOMAIN, entry.id(), 2, T0.plusSeconds(5))));

        ListEntry found = testee().find(DOMAIN, entry.id()).orElseThrow();
        assertThat(found.hits()).isEqualTo(5);
        assertThat(found.lastHitAt()).contains(T0.plusSeconds(10));
    }

    @Test
    default void recordHitsShouldWriteEveryEntrysHitsAndSkipGoneOnes() {
        ListEntry first = entry(DOMAIN, ListType.BLOCK, "b.example");
        ListEntry second = entry(ALIAS, ListType.ALLOW, "c.example");
        testee().addAll(List.of(first, second));

        testee().recordHits(List.of(new ListHits(DOMAIN, first.id(), 1, T0), new ListHits(DOMAIN, ListEntryId.random(), 3, T0),
            new ListHits(DOMAIN, second.id(), 4, T0), new ListHits(ALIAS, second.id(), 2, T0.plusSeconds(1))));

        assertThat(testee().find(DOMAIN, first.id()).orElseThrow().hits()).isEqualTo(1);
        assertThat(testee().find(ALIAS, second.id()).orElseThrow().hits()).isEqualTo(2);
        assertThat(testee().find(ALIAS, second.id()).orElseThrow().lastHitAt()).contains(T0.plusSeconds(1));
        assertThat(testee().all()).hasSize(2);
    }
}
