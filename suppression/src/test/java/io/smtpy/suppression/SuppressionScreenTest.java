package io.smtpy.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.mailpath.FallbackPolicy;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class SuppressionScreenTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final LocalPart PLAIN = LocalPart.of("plain");

    private Suppressions suppressions;
    private SuppressionScreen screen;

    @BeforeEach
    void setUp() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        AliasDirectory directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock,
            Limits.DEFAULT);
        directory.createDomain(DOMAIN, b -> b);
        directory.createAlias(AliasAddress.of(DOMAIN, SALES), b -> b
            .destinations(List.of(Destination.of("primary@dest.example"), Destination.of("ops@dest.example")))
            .fallbacks(List.of(Destination.of("backup@dest.example"), Destination.of("last@dest.example"))));
        directory.createAlias(AliasAddress.of(DOMAIN, PLAIN), b -> b
            .destinations(List.of(Destination.of("primary@dest.example"))));
        suppressions = new Suppressions(new MemorySuppressionRepository(), new MailEvents(new MemoryMailEventRepository()),
            clock, SuppressionSettings.DEFAULT);
        screen = new SuppressionScreen(suppressions, new FallbackPolicy(directory));
    }

    private void suppress(LocalPart alias, String destination) {
        suppressions.suppress(DOMAIN, alias, Destination.of(destination), Optional.empty(), Optional.empty());
    }

    private static List<MailAddress> addresses(String... addresses) throws Exception {
        List<MailAddress> list = new java.util.ArrayList<>();
        for (String address : addresses) {
            list.add(new MailAddress(address));
        }
        return list;
    }

    @Test
    void aCopyWithoutSuppressedDestinationsShouldGoUnchanged() throws Exception {
        SuppressionScreen.Screened screened = screen.screen(DOMAIN, List.of(SALES), addresses("primary@dest.example", "ops@dest.example"));

        assertThat(screened.changesNothing()).isTrue();
        assertThat(screened.destinations()).isEqualTo(addresses("primary@dest.example", "ops@dest.example"));
    }

    @Test
    void aSuppressedDestinationShouldGiveWayToTheAliasFallback() throws Exception {
        suppress(SALES, "primary@dest.example");

        SuppressionScreen.Screened screened = screen.screen(DOMAIN, List.of(SALES), addresses("primary@dest.example", "ops@dest.example"));

        assertThat(screened.destinations()).isEqualTo(addresses("ops@dest.example", "backup@dest.example"));
        assertThat(screened.withheld()).singleElement().satisfies(withheld -> {
            assertThat(withheld.destination()).isEqualTo(new MailAddress("primary@dest.example"));
            assertThat(withheld.fallback()).contains(new MailAddress("backup@dest.example"));
            assertThat(withheld.alias()).isEqualTo(SALES);
            assertThat(withheld.detail()).contains("primary@dest.example").contains("sent to the fallback backup@dest.example");
        });
        assertThat(screened.held()).isEmpty();
    }

    @Test
    void aSuppressedFallbackShouldBeSkippedForTheNextOne() throws Exception {
        suppress(SALES, "primary@dest.example");
        suppress(SALES, "backup@dest.example");

        SuppressionScreen.Screened screened = screen.screen(DOMAIN, List.of(SALES), addresses("primary@dest.example"));

        assertThat(screened.destinations()).isEqualTo(addresses("last@dest.example"));
    }

    @Test
    void aSuppressedDestinationWithoutFallbackShouldBeHeld() throws Exception {
        suppress(PLAIN, "primary@dest.example");

        SuppressionScreen.Screened screened = screen.screen(DOMAIN, List.of(PLAIN), addresses("primary@dest.example"));

        assertThat(screened.destinations()).isEmpty();
        assertThat(screened.held()).singleElement().satisfies(withheld -> {
            assertThat(withheld.fallback()).isEmpty();
            assertThat(withheld.detail()).contains("held in the quarantine");
        });
    }

    @Test
    void aSuppressionShouldOnlyConcernItsAlias() throws Exception {
        suppress(SALES, "primary@dest.example");

        assertThat(screen.screen(DOMAIN, List.of(PLAIN), addresses("primary@dest.example")).changesNothing()).isTrue();
    }

    @Test
    void aSharedCopyShouldWithholdADestinationSuppressedForAnyOfItsAliases() throws Exception {
        suppress(PLAIN, "primary@dest.example");

        SuppressionScreen.Screened screened = screen.screen(DOMAIN, List.of(SALES, PLAIN), addresses("primary@dest.example"));

        assertThat(screened.withheld()).singleElement().satisfies(withheld -> assertThat(withheld.alias()).isEqualTo(PLAIN));
        assertThat(screened.held()).hasSize(1);
    }
}
