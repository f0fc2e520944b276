package io.smtpy.bench;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.smtpy.bench.forwarders.BenchCassandra;
import io.smtpy.bench.forwarders.Forwarder;
import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.forwarders.SmtpyForwarder;
import io.smtpy.bench.report.ClusterResults;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.smtp.CpuClocks;
import io.smtpy.bench.smtp.LoadGenerator;
import io.smtpy.bench.smtp.LoadResult;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;

/**
 * The cluster phase (issue 17): smtpy-plain's sustained 2 KB throughput to the 1-destination alias, with the
 * end-to-end phase's connections, JVM warm-up, settling and windows, as
 * <ol>
 *   <li>the embedded single node, the reference;</li>
 *   <li>one node with {@code storage=cassandra} on a keyspace of the run's own, which creates the tables, the domain
 *   and its aliases: what Cassandra storage costs one node;</li>
 *   <li>two fresh nodes on that keyspace ({@link SmtpyForwarder#joins}), each new connection of the load going to the
 *   next node in turn: msg/s in total and by node (arrivals counted by the node their message was sent to).</li>
 * </ol>
 * One system at a time, each node's check mail first (every node must forward on its own). The Cassandra nodes get the
 * same {@code srs.secrets} and {@code dkim.masterKey} (generated here, never logged), and the joining nodes the secrets
 * the first generated for itself, as {@code ./smtpy cluster} shares them. CPU is read for the nodes together and for
 * Cassandra apart when the bench started it.
 */
final class ClusterBenchmark {
    private static final int SIZE = 2 * Plan.KB;
    private static final int NODES = 2;

    private final Plan plan;
    private final TimestampingSink sink;
    private final EndToEndBenchmark e2e;
    private final Report report;
    private final long ticksPerSecond;

    ClusterBenchmark(Plan plan, TimestampingSink sink, Report report, long ticksPerSecond) {
        this.plan = plan;
        this.sink = sink;
        this.e2e = new EndToEndBenchmark(plan, sink, report, ticksPerSecond);
        this.report = report;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** A keyspace no other run uses (a shared Cassandra keeps the keyspaces of earlier runs). */
    private static String newKeyspace() {
        return "bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmm")) + "_"
            + Integer.toHexString(new SecureRandom().nextInt(0x10000));
    }

    void run(Path smtpy, String javaOptions, Path work, BenchCassandra cassandra) throws Exception {
        String keyspace = newKeyspace();
        report.cluster().how(String.format(Locale.ROOT, "smtpy-plain (SRS, no inbound checks, no signatures), one system at a time: %d "
                + "connections, one %s message per connection to the 1-destination alias; warm-up %d s, then windows of %d s until the CPU "
                + "per mail settles (at most %d s); then %d window(s) of %.1f s after a %.1f s ramp. Cassandra: %s; keyspace %s, made by the "
                + "first node on it (storage=cassandra: every concern but the mail events, which each node keeps embedded). Two nodes: "
                + "each new connection to the next node in turn (%d per node at a time), msg/s by node from the arrivals of the mail sent "
                + "to each. CPU per mail: the nodes' JVMs together over all mail; Cassandra's apart (when the bench started it). Cores "
                + "busy: the window's CPU over its length (harness: load generator and sink, one JVM; other: the rest of the machine)",
            plan.connections, TestMessage.label(SIZE), plan.warmUpJvm.toSeconds(), plan.settleWindow.toSeconds(), plan.settleAtMost.toSeconds(),
            plan.repeats, plan.window.toMillis() / 1000.0, plan.ramp.toMillis() / 1000.0, cassandra.describe(), keyspace,
            plan.connections / NODES));
        List<String> storage = List.of("storage=cassandra", "cassandra.contactPoints=" + cassandra.contactPoint(),
            "cassandra.keyspace=" + keyspace, "srs.secrets=" + randomBase64(Base64.getUrlEncoder().withoutPadding()),
            "dkim.masterKey=" + randomBase64(Base64.getEncoder()));

        Bench.log("cluster: " + ClusterResults.EMBEDDED + " (the reference)");
        measure(ClusterResults.EMBEDDED, List.of(node(smtpy, work, javaOptions, "embedded", List.of())), cassandra);

        Bench.log("cluster: " + ClusterResults.CASSANDRA_ONE + " (keyspace " + keyspace + ", created by this node)");
        SmtpyForwarder first = node(smtpy, work, javaOptions, "cassandra", storage);
        measure(ClusterResults.CASSANDRA_ONE, List.of(first), cassandra);

        Bench.log("cluster: " + ClusterResults.CASSANDRA_TWO + " (keyspace " + keyspace + ", each new connection to the next node)");
        List<SmtpyForwarder> two = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            SmtpyForwarder joining = node(smtpy, work, javaOptions, "cassandra-node" + n, storage);
            joining.joins(first);
            two.add(joining);
        }
        measure(ClusterResults.CASSANDRA_TWO, two, cassandra);
    }

    private static SmtpyForwarder node(Path smtpy, Path work, String javaOptions, String name,
                                       List<String> properties) {
        // cluster-smtpy-*: beside, not inside, the Cassandra's cluster-cassandra (whose data directory is DIR/data too).
        return Bench.track(new SmtpyForwarder(smtpy, work.resolve("cluster-smtpy-" + name), javaOptions, SmtpyForwarder.Profile.PLAIN,
            SmtpyForwarder.Profile.PLAIN.systemName() + "-" + name, properties));
    }

    /** 32 random bytes, as smtpy generates its own secrets. */
    private static String randomBase64(Base64.Encoder encoder) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return encoder.encodeToString(bytes);
    }

    /** Starts the nodes one after the other (each checked with a mail of its own), loads them together, stops them. */
    private void measure(String system, List<SmtpyForwarder> nodes, BenchCassandra cassandra) throws Exception {
        try {
            List<String> evidence = new ArrayList<>();
            for (SmtpyForwarder node : nodes) {
                node.start(sink.port());
                Bench.log("  " + node.name() + " started (SMTP " + node.smtpPort() + ")");
                evidence.add(node.name() + ": " + e2e.checkOneMail(node, new LoadGenerator(node.smtpPort(), 1, sink)));
            }
            LoadGenerator load = new LoadGenerator(nodes.stream().map(SmtpyForwarder::smtpPort).collect(Collectors.toList()),
                plan.connections, sink);
            LongSupplier nodesTicks = () -> nodes.stream().mapToLong(SmtpyForwarder::cpuTicks).sum();
            OptionalLong cassandraPid = cassandra.pid();
            CpuClocks clocks = cassandraPid.isPresent()
                ? EndToEndBenchmark.clocks(nodesTicks, () -> ProcessStats.cpuTicks(cassandraPid.getAsLong()))
                : EndToEndBenchmark.clocks(nodesTicks);
            String alias = nodes.get(0).alias(Forwarder.ONE);
            EndToEndBenchmark.Window window = (ramp, length) -> load.saturate(alias, 1, TestMessage.ofSize(SIZE), ramp, length,
                Plan.maxCopiesInFlight(SIZE), clocks);

            window.run(Duration.ZERO, plan.warmUpJvm);
            Bench.log("  " + system + " warmed up for " + plan.warmUpJvm.toSeconds() + " s");
            e2e.settle("cluster: " + system, plan.settleAtMost, window);
            List<LoadResult> runs = new ArrayList<>();
            for (int i = 0; i < plan.repeats; i++) {
                LoadResult result = window.run(plan.ramp, plan.window);
                runs.add(result);
                log(system, i, result, cassandraPid.isPresent());
            }
            report.cluster().add(new ClusterResults.Row(system, nodes.stream().map(SmtpyForwarder::name).collect(Collectors.toList()),
                String.join("; ", evidence), runs, cassandraPid.isPresent(), ticksPerSecond));
        } finally {
            for (SmtpyForwarder node : nodes) {
                node.close();
            }
        }
    }

    private void log(String system, int run, LoadResult result, boolean cassandra) {
        String byNode = IntStream.range(0, result.servers())
            .mapToObj(node -> String.format(Locale.ROOT, "%.0f", result.messagesPerSecond(node)))
            .collect(Collectors.joining(", "));
        String cassandraCpu = cassandra ? String.format(Locale.ROOT, ", Cassandra %.2f s/1000 (%.2f cores)",
            result.furtherCpuSecondsPer1000Messages(0, ticksPerSecond), result.furtherCores(0, ticksPerSecond)) : "";
        Bench.log(String.format(Locale.ROOT, "  %s run %d: %.0f msg/s (by node: %s), nodes' CPU %.2f s/1000 (%.2f cores)%s, harness %.2f cores, "
                + "p99 under load %.0f ms, other load %.2f cores%s", system, run + 1, result.messagesPerSecond(), byNode,
            result.cpuSecondsPer1000Messages(ticksPerSecond), result.forwarderCores(ticksPerSecond), cassandraCpu,
            result.harnessCores(ticksPerSecond), result.latencyMillis(99), result.backgroundCores(ticksPerSecond),
            EndToEndBenchmark.problems(result)));
    }
}
