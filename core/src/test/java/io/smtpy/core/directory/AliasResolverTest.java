package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.CatchAll;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.ExceptionAction;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.model.LocalPartPattern;
import io.smtpy.core.model.RegexAlias;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

class AliasResolverTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private MovableClock clock;
    private AliasDirectory directory;
    private AliasResolver resolver;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(NOW);
        directory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        resolver = new AliasResolver(directory);
        directory.createDomain(DOMAIN, b -> b);
    }

    private static AliasAddress address(String localPart) {
        return AliasAddress.of(DOMAIN, LocalPart.of(localPart));
    }

    private static List<Destination> destinations(String... addresses) {
        return List.of(addresses).stream().map(Destination::of).collect(Collectors.toList());
    }

    private Resolution resolve(String address) throws Exception {
        return resolver.resolve(new MailAddress(address));
    }

    private static List<String> destinationsOf(Resolution resolution) {
        return resolution.destinations().stream().map(Destination::asString).collect(Collectors.toList());
    }

    @Test
    void exactAliasShouldForwardToAllItsDestinations() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example", "b@dest.example")));

        Resolution resolution = resolve("Info@Example.COM");

        assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.EXACT);
        assertThat(resolution.matched()).contains("info@example.com");
        assertThat(destinationsOf(resolution)).containsExactly("a@dest.example", "b@dest.example");
    }

    @Test
    void exactAliasShouldWinOverRegexAndCatchAll() throws Exception {
        directory.createAlias(address("support-x"), b -> b.destinations(destinations("exact@dest.example")));
        directory.setRegexAliases(DOMAIN, List.of(RegexAlias.of("^support-(.+)$", List.of("$1@dest.example"), 1, "", Limits.DEFAULT)));
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(destinations("all@dest.example"), List.of())));

        assertThat(destinationsOf(resolve("support-x@example.com"))).containsExactly("exact@dest.example");
        assertThat(resolve("support-y@example.com").outcome()).isEqualTo(Resolution.Outcome.REGEX);
        assertThat(destinationsOf(resolve("support-y@example.com"))).containsExactly("y@dest.example");
        assertThat(resolve("other@example.com").outcome()).isEqualTo(Resolution.Outcome.CATCH_ALL);
    }

    @Test
    void regexAliasesShouldBeTriedByPriority() throws Exception {
        directory.setRegexAliases(DOMAIN, List.of(
            RegexAlias.of("^(support|help)-(.+)$", List.of("$2@second.example"), 20, "", Limits.DEFAULT),
            RegexAlias.of("^help-.*$", List.of("first@first.example"), 10, "", Limits.DEFAULT)));

        Resolution help = resolve("help-desk@example.com");
        Resolution support = resolve("support-desk@example.com");

        assertThat(help.matched()).contains("^help-.*$");
        assertThat(destinationsOf(help)).containsExactly("first@first.example");
        assertThat(destinationsOf(support)).containsExactly("desk@second.example");
    }

    @Test
    void catastrophicRegexShouldGiveUpInsteadOfHanging() throws Exception {
        directory.setRegexAliases(DOMAIN, List.of(RegexAlias.of("^(a+)+$", List.of("x@dest.example"), 1, "", Limits.DEFAULT)));

        Resolution resolution = resolve("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab@example.com");

        assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.UNKNOWN);
    }

    @Test
    void catchAllExceptionShouldApplyItsActionBeforeTheCatchAll() throws Exception {
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(destinations("all@dest.example"), List.of(
            new CatchAll.ExceptionRule(LocalPartPattern.of("old"), ExceptionAction.REJECT),
            new CatchAll.ExceptionRule(LocalPartPattern.of("later-*"), ExceptionAction.DEFER),
            new CatchAll.ExceptionRule(LocalPartPattern.of("spam??"), ExceptionAction.DROP)))));

        assertThat(resolve("old@example.com").action()).contains(ExceptionAction.REJECT);
        assertThat(resolve("later-please@example.com").action()).contains(ExceptionAction.DEFER);
        assertThat(resolve("spam42@example.com").action()).contains(ExceptionAction.DROP);
        assertThat(resolve("spam421@example.com").outcome()).isEqualTo(Resolution.Outcome.CATCH_ALL);
        assertThat(resolve("old@example.com").outcome()).isEqualTo(Resolution.Outcome.CATCH_ALL_EXCEPTION);
        assertThat(resolve("old@example.com").forwards()).isFalse();
    }

    @Test
    void unknownLocalPartWithoutCatchAllShouldBeUnknown() throws Exception {
        assertThat(resolve("nobody@example.com").outcome()).isEqualTo(Resolution.Outcome.UNKNOWN);
    }

    @Test
    void foreignDomainShouldNotBeSmtpys() throws Exception {
        assertThat(resolve("info@elsewhere.example").outcome()).isEqualTo(Resolution.Outcome.NOT_SMTPY_DOMAIN);
    }

    @Test
    void indexedDomainShouldFollowChangesWithoutReadingStorage() throws Exception {
        assertThat(directory.indexedDomain(DOMAIN).orElseThrow().enforceDmarcReject()).isFalse();

        directory.updateDomain(DOMAIN, b -> b.enforceDmarcReject(true));
        assertThat(directory.indexedDomain(DOMAIN)).contains(directory.domain(DOMAIN).orElseThrow());
        assertThat(directory.indexedDomain(DOMAIN).orElseThrow().enforceDmarcReject()).isTrue();

        directory.deleteDomain(DOMAIN);
        assertThat(directory.indexedDomain(DOMAIN)).isEmpty();
        assertThat(directory.indexedDomain(DomainName.of("other.example"))).isEmpty();
    }

    @Test
    void disabledDomainShouldResolveNothing() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example")));
        directory.updateDomain(DOMAIN, b -> b.enabled(false));

        assertThat(resolve("info@example.com").outcome()).isEqualTo(Resolution.Outcome.DISABLED_DOMAIN);
    }

    @Test
    void disabledAliasShouldNotFallBackToTheCatchAll() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example")).enabled(false));
        directory.setCatchAll(DOMAIN, Optional.of(new CatchAll(destinations("all@dest.example"), List.of())));

        assertThat(resolve("info@example.com").outcome()).isEqualTo(Resolution.Outcome.DISABLED_ALIAS);
    }

    @Test
    void aliasShouldResolveBeforeItsExpiryAndNotAfter() throws Exception {
        directory.createAlias(address("temp"), b -> b.destinations(destinations("a@dest.example"))
            .expiresAt(Optional.of(NOW.plus(Duration.ofHours(1)))));

        assertThat(resolve("temp@example.com").outcome()).isEqualTo(Resolution.Outcome.EXACT);
        clock.moveBy(Duration.ofMinutes(59));
        assertThat(resolve("temp@example.com").outcome()).isEqualTo(Resolution.Outcome.EXACT);
        clock.moveBy(Duration.ofMinutes(1));
        assertThat(resolve("temp@example.com").outcome()).isEqualTo(Resolution.Outcome.EXPIRED);
    }

    @Test
    void subaddressShouldResolveAsItsAliasAndDropTheTagByDefault() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example")));

        Resolution resolution = resolve("info+News@example.com");

        assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.EXACT);
        assertThat(destinationsOf(resolution)).containsExactly("a@dest.example");
    }

    @Test
    void subaddressTagShouldBeKeptOnDestinationsWhenTheDomainSaysSo() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example", "b@dest.example")));
        directory.updateDomain(DOMAIN, b -> b.keepSubaddressTag(true));

        assertThat(destinationsOf(resolve("info+News@example.com"))).containsExactly("a+News@dest.example", "b+News@dest.example");
        assertThat(destinationsOf(resolve("info+@example.com"))).containsExactly("a@dest.example", "b@dest.example");
    }

    @Test
    void indexShouldFollowUpdatesAndDeletes() throws Exception {
        directory.createAlias(address("info"), b -> b.destinations(destinations("a@dest.example")));
        directory.updateAlias(address("info"), b -> b.destinations(destinations("new@dest.example")));
        assertThat(destinationsOf(resolve("info@example.com"))).containsExactly("new@dest.example");

        directory.deleteAlias(address("info"));
        assertThat(resolve("info@example.com").outcome()).isEqualTo(Resolution.Outcome.UNKNOWN);

        directory.deleteDomain(DOMAIN);
        assertThat(resolve("info@example.com").outcome()).isEqualTo(Resolution.Outcome.NOT_SMTPY_DOMAIN);
    }

    @Test
    void indexShouldBeRebuiltFromStorageAtStart() throws Exception {
        MemoryDomainRepository domains = new MemoryDomainRepository();
        MemoryAliasRepository aliases = new MemoryAliasRepository();
        AliasDirectory first = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
        DomainName other = DomainName.of("other.example");
        first.createDomain(other, b -> b);
        first.createAlias(AliasAddress.of(other, LocalPart.of("info")), b -> b.destinations(destinations("a@dest.example")));

        AliasResolver restarted = new AliasResolver(new AliasDirectory(domains, aliases, clock, Limits.DEFAULT));

        assertThat(restarted.resolve(new MailAddress("info@other.example")).outcome()).isEqualTo(Resolution.Outcome.EXACT);
    }

    @Test
    void listenersShouldBeToldOfADeletedDomainAfterItIsGone() {
        List<String> told = new java.util.ArrayList<>();
        directory.onDomainDeleted(domain -> told.add(domain.asString() + (directory.domain(domain).isPresent() ? " still there" : " gone")));

        directory.deleteDomain(DOMAIN);
        directory.deleteDomain(DOMAIN);

        assertThat(told).containsExactly(DOMAIN.asString() + " gone");
    }
}
