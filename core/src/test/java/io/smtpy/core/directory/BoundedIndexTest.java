package io.smtpy.core.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** A node whose index holds at most a budget of aliases: lookups stay right while domains come and go from memory. */
class BoundedIndexTest {
    private static final int DOMAINS = 10;
    private static final int ALIASES_PER_DOMAIN = 100;

    private final MemoryDomainRepository domains = new MemoryDomainRepository();
    private final CountingAliases aliases = new CountingAliases();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));

    /** Counts the reads of whole domains: what a load costs. */
    private static final class CountingAliases extends MemoryAliasRepository {
        final AtomicInteger domainReads = new AtomicInteger();

        @Override
        public List<Alias> all(DomainName domain) {
            domainReads.incrementAndGet();
            return super.all(domain);
        }
    }

    private static DomainName domain(int i) {
        return DomainName.of("d" + i + ".example");
    }

    private static String destination(int domain, int alias) {
        return "u" + alias + "@to" + domain + ".example";
    }

    /** Fills the store through an unbounded directory, as another node would have. */
    private void fill() {
        AliasDirectory writer = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
        for (int d = 0; d < DOMAINS; d++) {
            int domain = d;
            writer.createDomain(domain(d), b -> b);
            List<Alias> batch = new ArrayList<>();
            for (int a = 0; a < ALIASES_PER_DOMAIN; a++) {
                batch.add(Alias.builder(AliasAddress.of(domain(d), LocalPart.of("a" + a)))
                    .destinations(List.of(Destination.of(destination(domain, a)))).createdAt(clock.instant()).updatedAt(clock.instant()).build());
            }
            writer.saveAliases(domain(d), batch);
        }
        aliases.domainReads.set(0);
    }

    /** A bounded node that reads a missed domain on the lookup's own thread: each test sees one order of events. */
    private AliasDirectory loadingAtOnce(long budget) {
        return new AliasDirectory(domains, aliases, clock, Limits.DEFAULT, IndexBudget.of(budget), Runnable::run);
    }

    private static List<Destination> resolve(AliasDirectory directory, int domain, int alias) throws Exception {
        return new AliasResolver(directory).resolve(new MailAddress("a" + alias + "@" + domain(domain).asString())).destinations();
    }

    @Test
    void aBoundedNodeShouldReadNoAliasAtStartAndEachDomainOnFirstUse() throws Exception {
        fill();
        AliasDirectory node = loadingAtOnce(10_000);

        assertThat(aliases.domainReads).hasValue(0);
        assertThat(node.indexedDomain(domain(3))).isPresent();

        assertThat(resolve(node, 3, 7)).containsExactly(Destination.of(destination(3, 7)));
        assertThat(resolve(node, 3, 8)).containsExactly(Destination.of(destination(3, 8)));
        assertThat(aliases.domainReads).hasValue(1);
        assertThat(node.indexUsage().residentAliases()).isEqualTo(ALIASES_PER_DOMAIN);
        assertThat(node.indexUsage().loads()).isEqualTo(1);
    }

    @Test
    void aMissShouldBeAnsweredFromOneAliasReadWithoutWaitingForItsDomain() throws Exception {
        fill();
        List<Runnable> queued = new ArrayList<>();
        AliasDirectory node = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT, IndexBudget.of(10_000), queued::add);

        assertThat(resolve(node, 2, 42)).containsExactly(Destination.of(destination(2, 42)));
        assertThat(new AliasResolver(node).resolve(new MailAddress("nobody@d2.example")).outcome()).isEqualTo(Resolution.Outcome.UNKNOWN);
        assertThat(aliases.domainReads).as("the domain is only queued").hasValue(0);
        assertThat(queued).as("one load per domain, however many misses").hasSize(1);
        assertThat(node.indexUsage().misses()).isEqualTo(2);

        queued.get(0).run();
        assertThat(aliases.domainReads).hasValue(1);
        assertThat(node.indexUsage().residentAliases()).isEqualTo(ALIASES_PER_DOMAIN);
        assertThat(resolve(node, 2, 43)).containsExactly(Destination.of(destination(2, 43)));
        assertThat(aliases.domainReads).hasValue(1);
    }

    @Test
    void theAliasesHeldShouldStayWithinTheBudgetAndEveryLookupStayRight() throws Exception {
        fill();
        long budget = 3 * ALIASES_PER_DOMAIN + 50;
        AliasDirectory node = loadingAtOnce(budget);

        for (int round = 0; round < 3; round++) {
            for (int d = 0; d < DOMAINS; d++) {
                assertThat(resolve(node, d, round)).containsExactly(Destination.of(destination(d, round)));
                assertThat(node.indexUsage().residentAliases()).isLessThanOrEqualTo(budget);
            }
        }
        assertThat(node.indexUsage().evictions()).isPositive();
        assertThat(resolve(node, 4, 99)).containsExactly(Destination.of(destination(4, 99)));
    }

    @Test
    void theDomainsUsedLeastRecentlyShouldLeaveFirst() throws Exception {
        fill();
        AliasDirectory node = loadingAtOnce(3 * ALIASES_PER_DOMAIN);
        resolve(node, 0, 1);
        resolve(node, 1, 1);
        resolve(node, 2, 1);
        resolve(node, 0, 2);
        aliases.domainReads.set(0);

        resolve(node, 3, 1);
        resolve(node, 0, 3);

        assertThat(aliases.domainReads).as("d0 was used just before d3 came in: d1 went, d0 stayed").hasValue(1);
    }

    @Test
    void aWriteToADomainNotInMemoryShouldBeSeenWhenItIsReadAgain() throws Exception {
        fill();
        AliasDirectory node = loadingAtOnce(ALIASES_PER_DOMAIN);
        resolve(node, 0, 1);
        resolve(node, 1, 1);
        AliasAddress fresh = AliasAddress.of(domain(0), LocalPart.of("fresh"));

        node.createAlias(fresh, b -> b.destinations(List.of(Destination.of("fresh@to.example"))));
        node.deleteAlias(AliasAddress.of(domain(0), LocalPart.of("a5")));

        assertThat(new AliasResolver(node).resolve(new MailAddress("fresh@d0.example")).destinations())
            .containsExactly(Destination.of("fresh@to.example"));
        assertThat(new AliasResolver(node).resolve(new MailAddress("a5@d0.example")).outcome()).isEqualTo(Resolution.Outcome.UNKNOWN);
        assertThat(node.aliasExists(fresh)).isTrue();
        assertThat(node.aliasCount(domain(0))).isEqualTo(ALIASES_PER_DOMAIN);
    }

    @Test
    void reloadingADomainNotInMemoryShouldNotReadItsAliases() throws Exception {
        fill();
        AliasDirectory node = loadingAtOnce(10_000);
        resolve(node, 0, 1);
        aliases.domainReads.set(0);

        node.reloadAll();

        assertThat(aliases.domainReads).as("only d0 is in memory").hasValue(1);
        assertThat(resolve(node, 5, 5)).containsExactly(Destination.of(destination(5, 5)));
    }

    @Test
    void writesRacingLoadsAndEvictionsShouldNeverBeLost() throws Exception {
        fill();
        AliasDirectory node = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT, IndexBudget.of(2 * ALIASES_PER_DOMAIN));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(3);
        List<Future<?>> reads = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int seed = r;
            reads.add(readers.submit(() -> {
                int i = seed;
                while (writing.get()) {
                    int d = i++ % DOMAINS;
                    assertThat(resolve(node, d, i % ALIASES_PER_DOMAIN)).hasSize(1);
                }
                return null;
            }));
        }
        List<AliasAddress> created = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            AliasAddress address = AliasAddress.of(domain(n % DOMAINS), LocalPart.of("new" + n));
            node.createAlias(address, b -> b.destinations(List.of(Destination.of("x@to.example"))));
            created.add(address);
        }
        writing.set(false);
        for (Future<?> read : reads) {
            read.get(30, TimeUnit.SECONDS);
        }
        readers.shutdown();

        for (AliasAddress address : created) {
            assertThat(new AliasResolver(node).resolve(new MailAddress(address.asString())).outcome())
                .as(address.asString()).isEqualTo(Resolution.Outcome.EXACT);
        }
        assertThat(node.indexUsage().evictions()).isPositive();
    }

    @Test
    void evictingWhileManyDomainsAreReadShouldNeverFailALookup() throws Exception {
        int domainCount = 600;
        AliasDirectory writer = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
        for (int d = 0; d < domainCount; d++) {
            writer.createDomain(domain(d), b -> b);
            writer.createAlias(AliasAddress.of(domain(d), LocalPart.of("a0")), b -> b.destinations(List.of(Destination.of(destination(0, 0)))));
        }
        // Evictions sort hundreds of entries while the readers keep stamping their last use.
        AliasDirectory node = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT, IndexBudget.of(domainCount / 2));
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> reads = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            int seed = r;
            reads.add(readers.submit(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                for (int i = 0; i < 100_000; i++) {
                    assertThat(resolve(node, random.nextInt(domainCount), 0)).hasSize(1);
                }
                return null;
            }));
        }
        for (Future<?> read : reads) {
            read.get(60, TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertThat(node.indexUsage().evictions()).isPositive();
        assertThat(node.indexUsage().residentAliases()).isLessThanOrEqualTo(domainCount / 2);
    }

    @Test
    void anUnboundedNodeShouldHoldEveryAliasFromTheStartAndNeverReadAgain() throws Exception {
        fill();
        AliasDirectory node = new AliasDirectory(domains, aliases, clock, Limits.DEFAULT);
        aliases.domainReads.set(0);

        for (int d = 0; d < DOMAINS; d++) {
            assertThat(resolve(node, d, d)).containsExactly(Destination.of(destination(d, d)));
        }
        assertThat(aliases.domainReads).hasValue(0);
        assertThat(node.indexUsage().residentAliases()).isEqualTo((long) DOMAINS * ALIASES_PER_DOMAIN);
    }
}
