package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** Two directories over one store, as two nodes of a cluster: what one changes, the other serves once it reloads. */
class AliasDirectoryReloadTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final AliasAddress INFO = AliasAddress.of(DOMAIN, LocalPart.of("info"));

    private final MemoryDomainRepository domains = new MemoryDomainRepository();
    private final MemoryAliasRepository aliases = new MemoryAliasRepository();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private AliasDirectory nodeA;
    private AliasDirectory nodeB;

    @BeforeEach
    void nodes() {
        nodeA = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
        nodeB = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
    }

    private static Resolution.Outcome resolve(AliasDirectory node, String address) throws Exception {
        return new AliasResolver(node).resolve(new MailAddress(address)).outcome();
    }

    @Test
    void everyWriteShouldTellTheChangeListenersWhichDomain() {
        List<DomainName> told = new ArrayList<>();
        nodeA.onChange(told::add);

        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        nodeA.updateAlias(INFO, b -> b.description("x"));
        nodeA.saveAliases(DOMAIN, List.of(nodeA.alias(INFO).orElseThrow()));
        nodeA.deleteAlias(INFO);
        nodeA.updateDomain(DOMAIN, b -> b.enabled(false));
        nodeA.deleteDomain(DOMAIN);

        assertThat(told).hasSize(7).containsOnly(DOMAIN);
    }

    @Test
    void anAliasCreatedOnOneNodeShouldResolveOnTheOtherAfterItReloads() throws Exception {
        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        assertThat(nodeB.aliasExists(INFO)).isFalse();

        nodeB.reload(DOMAIN);

        assertThat(nodeB.aliasExists(INFO)).isTrue();
        assertThat(resolve(nodeB, "info@example.com")).isEqualTo(Resolution.Outcome.EXACT);
    }

    @Test
    void aDomainDeletedOnOneNodeShouldStopResolvingOnTheOtherAfterItReloads() throws Exception {
        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        nodeB.reload(DOMAIN);

        nodeB.deleteDomain(DOMAIN);
        assertThat(nodeA.indexedDomain(DOMAIN)).isPresent();
        nodeA.reload(DOMAIN);

        assertThat(nodeA.indexedDomain(DOMAIN)).isEmpty();
        assertThat(nodeA.aliasExists(INFO)).isFalse();
    }

    @Test
    void anAliasDeletedElsewhereShouldLeaveTheIndexOnReload() {
        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        nodeB.reload(DOMAIN);

        nodeA.deleteAlias(INFO);
        nodeB.reload(DOMAIN);

        assertThat(nodeB.aliasExists(INFO)).isFalse();
        assertThat(nodeB.aliasCount(DOMAIN)).isZero();
    }

    @Test
    void reloadAllShouldCatchWhatNoChangeAnnounced() {
        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        DomainName gone = DomainName.of("gone.example");
        nodeB.createDomain(gone, b -> b);
        nodeA.reload(gone);
        nodeB.deleteDomain(gone);

        assertThat(nodeB.reloadAll()).isEqualTo(1);
        assertThat(nodeA.reloadAll()).isEqualTo(1);

        assertThat(nodeB.aliasExists(INFO)).isTrue();
        assertThat(nodeA.indexedDomain(gone)).isEmpty();
    }

    @Test
    void aPatchOnOneNodeShouldNotUndoAConcurrentPatchOnTheOther() {
        nodeA.createDomain(DOMAIN, b -> b);
        nodeA.createAlias(INFO, b -> b.destinations(List.of(Destination.of("a@dest.example"))));
        // Node B reads the alias, then node A's change lands before B writes: B must apply its change to A's version.
        java.util.concurrent.atomic.AtomicBoolean overtaken = new java.util.concurrent.atomic.AtomicBoolean();
        nodeB.updateAlias(INFO, builder -> {
            if (overtaken.compareAndSet(false, true)) {
                clock.moveBy(java.time.Duration.ofSeconds(1));
                nodeA.updateAlias(INFO, b -> b.description("set on A"));
                clock.moveBy(java.time.Duration.ofSeconds(1));
            }
            return builder.enabled(false);
        });

        io.smtpy.core.model.Alias stored = nodeA.alias(INFO).orElseThrow();
        assertThat(stored.description()).isEqualTo("set on A");
        assertThat(stored.enabled()).isFalse();
    }
}
