package io.smtpy.bench.guard;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

import io.smtpy.access.AccessId;
import io.smtpy.access.AuditRecord;
import io.smtpy.access.service.AuditTrail;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.model.Alias;
import io.smtpy.core.model.AliasAddress;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.webadmin.dto.AliasDTO;
import io.smtpy.webadmin.guard.AuditJson;

/**
 * What the {@code /smtpy} guard costs a REST call: the same alias read and alias create against two WebAdmin servers
 * in this JVM, one with the shipped routes behind {@code SmtpyGuard} (called with a customer's API key), one with
 * {@link UnguardedAliasRoutes}, both over the memory stores. Reads: latency at concurrency 1, measured in alternating
 * blocks so that JIT and machine noise fall on both alike. Creates: throughput at a few connections, also in
 * alternating rounds. The guard's {@code admit} is not public, so the guard alone is measured over HTTP (the
 * difference); its public parts (authentication, the audit entry's JSON and append) are also timed in a tight loop.
 */
public final class GuardBenchmark {
    static final DomainName DOMAIN = DomainName.of("guard-bench.example");
    private static final String READ_LOCAL_PART = "reader";
    private static final String DESTINATION = "d1@sink.example";
    private static final String CREATE_BODY = "{\"destinations\":[\"" + DESTINATION + "\"]}";

    /** How much of each is done. */
    public static final class Settings {
        final int warmUpReads;
        final int reads;
        final int block;
        final int warmUpCreates;
        final int creates;
        final int rounds;
        final int connections;
        final int componentIterations;

        Settings(int warmUpReads, int reads, int block, int warmUpCreates, int creates, int rounds, int connections, int componentIterations) {
            this.warmUpReads = warmUpReads;
            this.reads = reads;
            this.block = block;
            this.warmUpCreates = warmUpCreates;
            this.creates = creates;
            this.rounds = rounds;
            this.connections = connections;
            this.componentIterations = componentIterations;
        }

        /** 20k reads per server at concurrency 1, 10k creates per server at 4 connections, after warm-up. */
        public static Settings full() {
            return new Settings(30_000, 20_000, 500, 8_000, 10_000, 4, 4, 200_000);
        }

        public static Settings quick() {
            return new Settings(5_000, 2_000, 250, 2_000, 2_000, 2, 4, 20_000);
        }

        public String describe() {
            return String.format(Locale.ROOT, "reads: %,d per server at concurrency 1 (after %,d), alternating blocks of %d; creates: %,d per "
                + "server at %d connections (after %,d), %d alternating rounds; raw HTTP/1.1 keep-alive on loopback", reads, warmUpReads, block,
                creates, connections, warmUpCreates, rounds);
        }
    }

    /** Latencies in milliseconds. */
    public static final class Latencies {
        public final int samples;
        public final double p50;
        public final double p99;
        public final double p999;
        public final double mean;

        Latencies(long[] nanos, int count) {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            samples = count;
            p50 = at(sorted, 0.50);
            p99 = at(sorted, 0.99);
            p999 = at(sorted, 0.999);
            mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        }

        private static double at(long[] sorted, double quantile) {
            int rank = (int) Math.ceil(quantile * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, mean %.3f ms", p50, p99, p999, mean);
        }
    }

    /** One server's side of the comparison. */
    public static final class Side {
        public final Latencies reads;
        public final Latencies creates;
        public final double createsPerSecond;
        public final int failures;

        Side(Latencies reads, Latencies creates, double createsPerSecond, int failures) {
            this.reads = reads;
            this.creates = creates;
            this.createsPerSecond = createsPerSecond;
            this.failures = failures;
        }
    }

    /** Both sides, the audit log's state after the run, and the guard's public parts in a tight loop (ns per call). */
    public static final class Result {
        public final Side guarded;
        public final Side unguarded;
        public final int connections;
        public final long auditEntries;
        public final boolean auditChainValid;
        public final Map<String, Double> componentNanos;

        Result(Side guarded, Side unguarded, int connections, long auditEntries, boolean auditChainValid, Map<String, Double> componentNanos) {
            this.guarded = guarded;
            this.unguarded = unguarded;
            this.connections = connections;
            this.auditEntries = auditEntries;
            this.auditChainValid = auditChainValid;
            this.componentNanos = componentNanos;
        }
    }

    private static volatile Object sink;

    private final Settings settings;
    private final Consumer<String> log;

    public GuardBenchmark(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws Exception {
        quietLogging();
        Clock clock = Clock.systemUTC();
        AliasDirectory plainDirectory = new AliasDirectory(new MemoryDomainRepository(), new MemoryAliasRepository(), clock, Limits.DEFAULT);
        plainDirectory.createDomain(DOMAIN, settings -> settings);
        try (GuardedAliases guarded = new GuardedAliases(DOMAIN, clock);
             InProcessWebAdmin plain = InProcessWebAdmin.start(new UnguardedAliasRoutes(plainDirectory, new JsonTransformer()))) {
            createReadTarget(guarded.directory);
            createReadTarget(plainDirectory);
            Target guardedTarget = new Target("guarded", guarded.port(), "/smtpy/domains/", guarded.apiKey);
            // The same bytes on the wire: the unguarded server gets (and ignores) the same header.
            Target plainTarget = new Target("unguarded", plain.port(), "/bench/domains/", guarded.apiKey);
            check(guardedTarget, plainTarget);

            log.accept("guard: warm-up (" + settings.warmUpReads + " reads and " + settings.warmUpCreates + " creates per server)");
            reads(guardedTarget, plainTarget, settings.warmUpReads);
            creates(guardedTarget, plainTarget, "w", settings.warmUpCreates);
            guardedTarget.reset();
            plainTarget.reset();

            log.accept("guard: " + settings.reads + " reads per server, concurrency 1");
            reads(guardedTarget, plainTarget, settings.reads);
            log.accept("guard: " + settings.creates + " alias creates per server, " + settings.connections + " connections");
            creates(guardedTarget, plainTarget, "c", settings.creates);

            AuditTrail.Verification chain = guarded.audit.verify(guarded.account.id());
            // One entry per create that passed the guard, the refused second create of the check included.
            long expectedEntries = 2 + guardedTarget.allCreates;
            if (chain.entries() != expectedEntries || !chain.valid()) {
                throw new IllegalStateException("the guarded server's audit log has " + chain.entries() + " entries (expected "
                    + expectedEntries + "), chain " + (chain.valid() ? "valid" : "broken: " + chain.problem().orElse("")));
            }
            Map<String, Double> components = components(guarded);
            return new Result(guardedTarget.side(), plainTarget.side(), settings.connections, chain.entries(), chain.valid(), components);
        }
    }

    private static void createReadTarget(AliasDirectory directory) {
        directory.createAlias(AliasAddress.of(DOMAIN, LocalPart.of(READ_LOCAL_PART)),
            builder -> builder.destinations(List.of(Destination.of(DESTINATION))));
    }

    /** Both servers answer as expected, and the guarded one refuses a call without the key (so the guard is on). */
    private static void check(Target guarded, Target plain) throws Exception {
        try (KeepAliveConnection connection = new KeepAliveConnection(guarded.port)) {
            int anonymous = connection.exchange(("GET " + guarded.readPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            if (anonymous != 401) {
                throw new IllegalStateException("the guarded server answered " + anonymous + " to a call without credentials");
            }
        }
        for (Target target : List.of(guarded, plain)) {
            try (KeepAliveConnection connection = new KeepAliveConnection(target.port)) {
                expect(target, "read", connection.exchange(target.read), 200);
                expect(target, "create", connection.exchange(target.create("check")), 201);
                expect(target, "second create", connection.exchange(target.create("check")), 409);
            }
        }
    }

    private static void expect(Target target, String what, int status, int expected) {
        if (status != expected) {
            throw new IllegalStateException(target.name + " " + what + ": status " + status + ", expected " + expected);
        }
    }

    /** Alternating blocks, the order swapped every block, one connection per server. */
    private void reads(Target guarded, Target plain, int count) throws Exception {
        try (KeepAliveConnection toGuarded = new KeepAliveConnection(guarded.port);
             KeepAliveConnection toPlain = new KeepAliveConnection(plain.port)) {
            for (int done = 0, block = 0; done < count; done += settings.block, block++) {
                int size = Math.min(settings.block, count - done);
                if (block % 2 == 0) {
                    guarded.readBlock(toGuarded, size);
                    plain.readBlock(toPlain, size);
                } else {
                    plain.readBlock(toPlain, size);
                    guarded.readBlock(toGuarded, size);
                }
            }
        }
    }

    /** Alternating rounds, each a burst of creates of new local parts over {@code connections} connections. */
    private void creates(Target guarded, Target plain, String prefix, int count) throws Exception {
        int perRound = count / settings.rounds;
        for (int round = 0; round < settings.rounds; round++) {
            String name = prefix + round;
            if (round % 2 == 0) {
                guarded.createRound(name, perRound, settings.connections);
                plain.createRound(name, perRound, settings.connections);
            } else {
                plain.createRound(name, perRound, settings.connections);
                guarded.createRound(name, perRound, settings.connections);
            }
        }
    }

    /** The public parts of what the guard does per call, in a tight loop on this thread. */
    private Map<String, Double> components(GuardedAliases guarded) {
        Map<String, Double> nanos = new LinkedHashMap<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Optional<String> header = Optional.of("Bearer " + guarded.apiKey);
        int n = settings.componentIterations;
        nanos.put("Authenticator.authenticate (API key)", timed(n, () -> guarded.authenticator.authenticate(header, loopback)));
        Alias alias = guarded.directory.alias(AliasAddress.of(DOMAIN, LocalPart.of(READ_LOCAL_PART))).orElseThrow();
        nanos.put("AuditJson.redacted (alias snapshot)", timed(n, () -> AuditJson.redacted(new AliasDTO(alias, Instant.now()))));
        String snapshot = AuditJson.redacted(new AliasDTO(alias, Instant.now())).orElseThrow();
        // Into an account of its own, so that the measured account's chain stays as the run left it.
        AccessId other = AccessId.generate("acc");
        nanos.put("AuditTrail.append (memory, hash-chained)", timed(n, () -> guarded.audit.append(new AuditRecord(other, Instant.now(),
            "key:bench", Optional.empty(), "alias.create", "domains/guard-bench.example/aliases/x", Optional.empty(), Optional.of(snapshot),
            "request-id", "127.0.0.1", "smtpy-bench", "success (201)"))));
        return nanos;
    }

    /** A warm-up pass, then the measured pass; results go to a volatile field so that none is optimised away. */
    private static double timed(int iterations, Callable<Object> call) {
        try {
            for (int i = 0; i < iterations; i++) {
                sink = call.call();
            }
            long started = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                sink = call.call();
            }
            return (double) (System.nanoTime() - started) / iterations;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jetty, Spark and James log at DEBUG without a configuration: keep the harness's output readable. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    /** One server as the load sees it: its requests and what was measured against it. */
    private static final class Target {
        final String name;
        final int port;
        final String base;
        final String bearer;
        final String readPath;
        final byte[] read;
        private long[] readNanos = new long[0];
        private int readCount;
        private long[] createNanos = new long[0];
        private int createCount;
        private long createWallNanos;
        private int failures;
        /** Creates sent, warm-up included. */
        long allCreates;

        Target(String name, int port, String base, String bearer) {
            this.name = name;
            this.port = port;
            this.base = base;
            this.bearer = bearer;
            this.readPath = base + DOMAIN.asString() + "/aliases/" + READ_LOCAL_PART;
            this.read = KeepAliveConnection.get(port, readPath, bearer);
        }

        byte[] create(String localPart) {
            return KeepAliveConnection.put(port, base + DOMAIN.asString() + "/aliases/" + localPart, bearer, CREATE_BODY);
        }

        void reset() {
            readCount = 0;
            createCount = 0;
            createWallNanos = 0;
            failures = 0;
        }

        void readBlock(KeepAliveConnection connection, int size) throws Exception {
            if (readNanos.length < readCount + size) {
                readNanos = Arrays.copyOf(readNanos, Math.max(readCount + size, readNanos.length * 2));
            }
            for (int i = 0; i < size; i++) {
                long started = System.nanoTime();
                int status = connection.exchange(read);
                readNanos[readCount++] = System.nanoTime() - started;
                if (status != 200) {
                    failures++;
                }
            }
        }

        void createRound(String round, int count, int connections) throws Exception {
            int each = count / connections;
            List<byte[][]> requests = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                byte[][] mine = new byte[each][];
                for (int i = 0; i < each; i++) {
                    mine[i] = create(round + "-" + c + "-" + i);
                }
                requests.add(mine);
            }
            ExecutorService threads = Executors.newFixedThreadPool(connections);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<long[]>> results = new ArrayList<>();
                for (byte[][] mine : requests) {
                    KeepAliveConnection connection = new KeepAliveConnection(port);
                    results.add(threads.submit(() -> {
                        long[] nanos = new long[mine.length + 1];
                        int failed = 0;
                        try (connection) {
                            start.await();
                            for (int i = 0; i < mine.length; i++) {
                                long started = System.nanoTime();
                                if (connection.exchange(mine[i]) != 201) {
                                    failed++;
                                }
                                nanos[i] = System.nanoTime() - started;
                            }
                        }
                        nanos[mine.length] = failed;
                        return nanos;
                    }));
                }
                long started = System.nanoTime();
                start.countDown();
                for (Future<long[]> result : results) {
                    long[] nanos = result.get();
                    if (createNanos.length < createCount + each) {
                        createNanos = Arrays.copyOf(createNanos, Math.max(createCount + each, createNanos.length * 2));
                    }
                    System.arraycopy(nanos, 0, createNanos, createCount, each);
                    createCount += each;
                    allCreates += each;
                    failures += (int) nanos[each];
                }
                createWallNanos += System.nanoTime() - started;
            } finally {
                threads.shutdownNow();
            }
        }

        Side side() {
            return new Side(new Latencies(readNanos, readCount), new Latencies(createNanos, createCount),
                createCount / (createWallNanos / 1e9), failures);
        }
    }
}
