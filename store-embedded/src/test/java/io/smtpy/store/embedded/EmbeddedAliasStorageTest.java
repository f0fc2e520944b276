package io.smtpy.store.embedded;

import static io.smtpy.core.store.AliasRepositoryContract.EXAMPLE;
import static io.smtpy.core.store.AliasRepositoryContract.T0;
import static io.smtpy.core.store.AliasRepositoryContract.address;
import static io.smtpy.core.store.AliasRepositoryContract.alias;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtpy.core.model.Alias;
import io.smtpy.core.store.AliasPage;
import io.smtpy.core.store.AliasQuery;
import io.smtpy.core.store.AliasRepository;

/** What the SQLite alias storage must do beyond the port contract: atomic bulk writes, exact filters, exact instants. */
class EmbeddedAliasStorageTest {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    private AliasRepository aliases() {
        return embedded.store().aliases();
    }

    private static List<Alias> numbered(int count) {
        List<Alias> aliases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            aliases.add(alias(EXAMPLE, String.format("user%06d", i), "user" + i + "@dest.example"));
        }
        return aliases;
    }

    /** Years past 9999 cannot be stored: an alias holding one makes the write fail when it is reached. */
    private static Alias unstorable(String localPart) {
        return alias(EXAMPLE, localPart, "a@dest.example").toBuilder()
            .expiresAt(Optional.of(Instant.parse("+10000-01-01T00:00:00Z")))
            .build();
    }

    @Test
    void saveAllThatFailsHalfWayShouldStoreNothingOfTheBatch() {
        Alias existing = alias(EXAMPLE, "info", "old@dest.example");
        aliases().create(existing);
        List<Alias> batch = new ArrayList<>(numbered(3000));
        batch.add(0, alias(EXAMPLE, "info", "new@dest.example"));
        // Far enough in that earlier rows have already been sent to SQLite when the write fails.
        batch.add(2500, unstorable("zz-unstorable"));

        assertThatThrownBy(() -> aliases().saveAll(batch)).isInstanceOf(IllegalArgumentException.class);

        assertThat(aliases().all(EXAMPLE)).containsExactly(existing);
    }

    @Test
    void storeShouldStayWritableAfterAFailedSaveAll() {
        assertThatThrownBy(() -> aliases().saveAll(List.of(alias(EXAMPLE, "first", "a@dest.example"), unstorable("second"))))
            .isInstanceOf(IllegalArgumentException.class);

        aliases().create(alias(EXAMPLE, "third", "a@dest.example"));

        assertThat(aliases().all(EXAMPLE)).extracting(a -> a.address().localPart().asString()).containsExactly("third");
    }

    @Test
    void saveAllOfAHundredThousandAliasesShouldStoreThemAll() {
        List<Alias> batch = numbered(100_000);

        aliases().saveAll(batch);

        assertThat(aliases().list(AliasQuery.of(EXAMPLE, T0).withPage(99_999, 10)).total()).isEqualTo(100_000);
        assertThat(aliases().all(EXAMPLE)).isEqualTo(batch);
    }

    @Test
    void instantsShouldRoundTripToTheNanosecond() {
        Alias precise = alias(EXAMPLE, "info", "a@dest.example").toBuilder()
            .createdAt(Instant.parse("2026-03-04T05:06:07.123456789Z"))
            .updatedAt(Instant.parse("2026-03-04T05:06:07.000001Z"))
            .expiresAt(Optional.of(Instant.parse("9999-12-31T23:59:59.999999999Z")))
            .build();

        aliases().create(precise);

        assertThat(aliases().find(address(EXAMPLE, "info"))).contains(precise);
    }

    @Test
    void expiryFilterShouldTellInstantsApartBelowTheMillisecond() {
        Instant expiry = Instant.parse("2026-03-04T05:06:07.000000500Z");
        aliases().create(alias(EXAMPLE, "temp", "a@dest.example").toBuilder().expiresAt(Optional.of(expiry)).build());

        assertThat(aliases().list(AliasQuery.of(EXAMPLE, expiry.minusNanos(1)).withExpired(Optional.of(true))).total()).isZero();
        assertThat(aliases().list(AliasQuery.of(EXAMPLE, expiry).withExpired(Optional.of(true))).total()).isEqualTo(1);
    }

    @Test
    void tagFilterShouldMatchWholeTagsOnly() {
        aliases().create(alias(EXAMPLE, "q45", "a@dest.example").toBuilder().tags(Set.of("q45", "sales")).build());
        aliases().create(alias(EXAMPLE, "q4", "a@dest.example").toBuilder().tags(Set.of("q4")).build());

        assertThat(aliases().list(AliasQuery.of(EXAMPLE, T0).withTag(Optional.of("q4"))).aliases())
            .extracting(a -> a.address().localPart().asString()).containsExactly("q4");
    }

    /** Aliases chosen to trip a naive translation of the filters to SQL. */
    private static List<Alias> trickyAliases() {
        Instant expiry = T0.plusSeconds(60);
        return List.of(
            alias(EXAMPLE, "upper", "Jane.Doe@Dest.example").toBuilder()
                .description("ÜBER Team, 100% ready_now").tags(Set.of("q4", "sales")).build(),
            alias(EXAMPLE, "two-dest", "ab@x.example", "cd@y.example").toBuilder()
                .tags(Set.of("q45")).expiresAt(Optional.of(expiry)).build(),
            alias(EXAMPLE, "quoted", "\"john doe\"@dest.example").toBuilder()
                .description("back\\slash").expiresAt(Optional.of(expiry.plusSeconds(1))).build(),
            alias(EXAMPLE, "plain", "plain@dest.example"),
            alias(EXAMPLE, "under_score", "u@dest.example").toBuilder().description("İstanbul").build());
    }

    static Stream<Arguments> trickyQueries() {
        return trickyAliasQueries().map(query -> Arguments.of(describe(query), query));
    }

    private static String describe(AliasQuery query) {
        return "tag=" + query.tag().orElse("-") + " text=" + query.text().orElse("-") + " expired="
            + query.expired().map(String::valueOf).orElse("-") + " at " + query.now() + " page " + query.offset() + "+" + query.limit();
    }

    private static Stream<AliasQuery> trickyAliasQueries() {
        AliasQuery base = AliasQuery.of(EXAMPLE, T0.plusSeconds(60));
        Stream<AliasQuery> byText = Stream.of("jane", "JANE.DOE@DEST", "über", "ÜB", "100%", "%", "_", "y_now",
                "example\",\"cd", "x.example", "\\\"", "\"john", "\\", "back\\s", "istanbul", "i̇stanbul", "ab@x.examplecd",
                "e", "nothing-like-it")
            .map(text -> base.withText(Optional.of(text)));
        Stream<AliasQuery> byTag = Stream.of("q4", "Q4", "q45", "sales", "q", "q4,sales", ",q4,", "")
            .map(tag -> base.withTag(Optional.of(tag)));
        Stream<AliasQuery> byExpiry = Stream.of(true, false)
            .flatMap(expired -> Stream.of(base, AliasQuery.of(EXAMPLE, T0))
                .map(query -> query.withExpired(Optional.of(expired))));
        Stream<AliasQuery> combined = Stream.of(
            base.withTag(Optional.of("q45")).withExpired(Optional.of(true)),
            base.withText(Optional.of("dest")).withExpired(Optional.of(false)).withPage(1, 2));
        return Stream.of(byText, byTag, byExpiry, combined).flatMap(queries -> queries);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyQueries")
    void listShouldAgreeWithTheQueryDefinition(String description, AliasQuery query) {
        aliases().saveAll(trickyAliases());
        List<Alias> expected = aliases().all(EXAMPLE).stream().filter(query::test).collect(Collectors.toList());

        AliasPage page = aliases().list(query);

        assertThat(page.total()).isEqualTo(expected.size());
        assertThat(page.aliases()).isEqualTo(expected.stream().skip(query.offset()).limit(query.limit()).collect(Collectors.toList()));
    }

    @Test
    void trickyQueriesShouldNotAllAgreeByMatchingNothing() {
        aliases().saveAll(trickyAliases());

        long answeredQueries = trickyAliasQueries().filter(query -> aliases().list(query).total() > 0).count();

        assertThat(answeredQueries).isGreaterThan(trickyAliasQueries().count() / 2);
    }
}
