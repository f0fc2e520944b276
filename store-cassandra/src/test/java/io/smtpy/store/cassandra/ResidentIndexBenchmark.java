package io.smtpy.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.directory.IndexBudget;
import io.smtpy.core.directory.IndexUsage;
import io.smtpy.core.directory.Resolution;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.Domain;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;

/**
 * RCPT resolution at cluster scale (issue 17's benchmark): a keyspace of {@code -Dbench.index.aliases=N} aliases across
 * {@code -Dbench.index.domains=D} domains (filled once through the repositories' own writes; a later run on the same
 * keyspace reuses it), a node's {@link AliasDirectory} over it with a bounded index ({@code -Dbench.index.budget},
 * default a tenth of the aliases), and {@link AliasResolver} timed for each recipient as the RCPT hook calls it, from
 * two threads. Recipients' domains follow a Zipf law (s = 1: a few domains receive most of the mail, as on a real
 * service), local parts are uniform among the domain's aliases, one in ten unknown. Writes p50/p99/p99.9 of the
 * lookups, the share that had to read a domain from Cassandra, and the node's heap after a full GC (at start, holding
 * domains only, and once the budget is full) to {@code -Dbench.index.out=FILE} (markdown). Not a test: skipped unless
 * the property is given; {@code bench/run.sh --index-only} runs it.
 */
@EnabledIfSystemProperty(named = "bench.index.aliases", matches = "[0-9]+")
class ResidentIndexBenchmark {
    private static final String KEYSPACE_PREFIX = "bench_index_";
    private static final int THREADS = 2;
    private static final int FILL_THREADS = 8;
    private static final double ZIPF_S = 1.0;
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void measure() throws Exception {
        long aliases = Long.parseLong(System.getProperty("bench.index.aliases"));
        int domainCount = Integer.getInteger("bench.index.domains", 100_000);
        int lookups = Integer.getInteger("bench.index.lookups", 400_000);
        int perDomain = (int) Math.max(1, aliases / domainCount);
        Path out = Path.of(System.getProperty("bench.index.out", "target/resident-index.md"));

        String keyspace = KEYSPACE_PREFIX + domainCount + "_" + perDomain;
        try (CassandraStore store = CassandraStore.open(CassandraServer.shared().settings(keyspace))) {
            store.migrate(CassandraDomainRepository.TABLES);
            store.migrate(CassandraAliasRepository.TABLES);
            CassandraDomainRepository domains = new CassandraDomainRepository(store);
            CassandraAliasRepository aliasRepository = new CassandraAliasRepository(store);

            long fillStart = System.nanoTime();
            int filled = fill(domains, aliasRepository, domainCount, perDomain);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

            List<String> rows = new ArrayList<>();
            for (long budget : budgets(aliases)) {
                rows.add(measure(domains, aliasRepository, domainCount, perDomain, budget, lookups,
                    String.format(Locale.ROOT, "%.0f s%s", fillSeconds, filled == 0 ? " (reused)" : "")));
            }
            report(out, rows);
        }
    }

    /** {@code -Dbench.index.budgets}: comma-separated, default a tenth of the aliases, half and all of them. */
    private static List<Long> budgets(long aliases) {
        String value = System.getProperty("bench.index.budgets", Math.max(1, aliases / 10) + "," + Math.max(1, aliases / 2) + "," + aliases);
        List<Long> budgets = new ArrayList<>();
        for (String budget : value.split(",")) {
            budgets.add(Long.parseLong(budget.trim()));
        }
        return budgets;
    }

    /** One node's index under one budget: its start, a warm-up, the timed lookups, its heap. */
    private static String measure(CassandraDomainRepository domains, CassandraAliasRepository aliasRepository, int domainCount,
                                  int perDomain, long budget, int lookups, String fill) throws Exception {
        long heapBefore = heapAfterGc();
        long startNanos = System.nanoTime();
        // A budget of every alias is what a node does by default: every alias read at start, none on the mail path.
        boolean all = budget >= (long) domainCount * perDomain;
        AliasDirectory directory = new AliasDirectory(domains, aliasRepository, Clock.systemUTC(), Limits.DEFAULT,
            all ? IndexBudget.UNBOUNDED : IndexBudget.of(budget));
        double startSeconds = (System.nanoTime() - startNanos) / 1e9;
        long heapDomainsOnly = heapAfterGc() - heapBefore;

        AliasResolver resolver = new AliasResolver(directory);
        double[] zipf = zipfCumulative(domainCount);
        run(resolver, zipf, perDomain, lookups, 1);
        IndexUsage warm = directory.indexUsage();
        long[] nanos = run(resolver, zipf, perDomain, lookups, 2);
        IndexUsage after = directory.indexUsage();
        long heapFull = heapAfterGc() - heapBefore;
        if (!all) {
            assertThat(after.residentAliases()).isLessThanOrEqualTo(budget + perDomain);
        }
        return String.format(Locale.ROOT, "| %,d | %,d | %s | %s | %.1f s | %,d | %.3f | %.3f | %.3f | %.2f | %.2f%% | %,d | %d MB | %d MB |",
            (long) domainCount * perDomain, domainCount, all ? "unbounded (all read at start)" : String.format(Locale.ROOT, "%,d", budget),
            fill, startSeconds,
            lookups, millis(nanos, 0.50), millis(nanos, 0.99), millis(nanos, 0.999), millis(nanos, 1.0),
            100.0 * (after.misses() - warm.misses()) / lookups, after.residentAliases(),
            heapDomainsOnly >> 20, heapFull >> 20);
    }

    /** Domains and aliases through the repositories; a keyspace that already holds every domain is reused as it is. */
    private static int fill(CassandraDomainRepository domains, CassandraAliasRepository aliases, int domainCount, int perDomain)
            throws Exception {
        if (domains.list().size() >= domainCount) {
            return 0;
        }
        ExecutorService pool = Executors.newFixedThreadPool(FILL_THREADS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < FILL_THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int d = next.getAndIncrement(); d < domainCount; d = next.getAndIncrement()) {
                    DomainName name = domain(d);
                    if (domains.find(name).isEmpty()) {
                        List<Alias> batch = new ArrayList<>(perDomain);
                        for (int a = 0; a < perDomain; a++) {
                            batch.add(Alias.builder(AliasAddress.of(name, LocalPart.of("user" + a)))
                                .destinations(List.of(Destination.of("user" + a + ".d" + d + "@inbox.example")))
                                .createdAt(CREATED).updatedAt(CREATED).build());
                        }
                        aliases.saveAll(batch);
                        domains.create(Domain.builder(name).createdAt(CREATED).updatedAt(CREATED).build());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(6, TimeUnit.HOURS);
        }
        pool.shutdown();
        return domainCount;
    }

    private static DomainName domain(int index) {
        return DomainName.of("d" + index + ".bench.example");
    }

    /** Times every lookup; each thread draws its own recipients. */
    private static long[] run(AliasResolver resolver, double[] zipf, int perDomain, int lookups, long seed) throws Exception {
        long[] nanos = new long[lookups];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed * 31 + thread);
                for (int i = thread; i < lookups; i += THREADS) {
                    int d = Math.min(zipf.length - 1, Math.abs(Arrays.binarySearch(zipf, random.nextDouble()) + 1));
                    int a = random.nextInt(perDomain + perDomain / 10 + 1);
                    MailAddress recipient = new MailAddress("user" + a + "@" + domain(d).asString());
                    long start = System.nanoTime();
                    Resolution resolution = resolver.resolve(recipient);
                    nanos[i] = System.nanoTime() - start;
                    if ((a < perDomain) != (resolution.outcome() == Resolution.Outcome.EXACT)) {
                        throw new AssertionError(recipient + " resolved as " + resolution.outcome());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(1, TimeUnit.HOURS);
        }
        pool.shutdown();
        Arrays.sort(nanos);
        return nanos;
    }

    private static double[] zipfCumulative(int count) {
        double[] cumulative = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += 1 / Math.pow(i + 1, ZIPF_S);
            cumulative[i] = sum;
        }
        for (int i = 0; i < count; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static double millis(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(Path out, List<String> rows) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        boolean header = !Files.exists(out) || Files.readString(out, StandardCharsets.UTF_8).lines()
            .noneMatch(line -> line.startsWith("| aliases"));
        StringBuilder text = new StringBuilder();
        if (header) {
            text.append("| aliases | domains | budget | fill | node start | lookups | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| answered by a read of Cassandra | aliases held | heap, domains only | heap, budget full |\n");
            text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        }
        for (String row : rows) {
            text.append(row).append('\n');
        }
        Files.writeString(out, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
