package io.smtpy.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.bench.smtp.LoadResult;

/**
 * The cluster phase (issue 17): smtpy-plain's 2 KB throughput as the embedded single node, as one node on Cassandra,
 * and as two nodes on one Cassandra keyspace with the load split between them; the ratio of the two nodes' msg/s per
 * node to the embedded node's (target at least 0.8x) and of the one node on Cassandra to it. Every process runs on
 * the one machine of the run, which the results say beside each ratio: on a machine of few cores the two nodes,
 * Cassandra and the load generator share the cores, and the per-node ratio measures that contention, not scaling.
 */
public final class ClusterResults {
    public static final String EMBEDDED = "embedded, 1 node";
    public static final String CASSANDRA_ONE = "Cassandra, 1 node";
    public static final String CASSANDRA_TWO = "Cassandra, 2 nodes";
    static final double TARGET = 0.8;

    /** By system, in the order they were measured. */
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private String how = "";
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** One system's measured windows (medians and spread over them). */
    public static final class Row {
        final String system;
        final List<String> nodes;
        final String evidence;
        final Spread messagesPerSecond;
        final List<Spread> nodeMessagesPerSecond;
        final Spread nodesCpuMillis;
        final Spread cassandraCpuMillis;
        final Spread nodesCores;
        final Spread cassandraCores;
        final Spread harnessCores;
        final Spread backgroundCores;
        final Spread loadedP99Millis;
        final int failures;
        final int lostCopies;

        /**
         * @param nodes     the nodes' names, in the order of the load generator's servers
         * @param evidence  what each node's check mail carried at the sink
         * @param cassandra whether the runs' first further CPU clock is Cassandra's (false: not read, it is then
         *                  part of the other load)
         */
        public Row(String system, List<String> nodes, String evidence, List<LoadResult> runs, boolean cassandra, long ticksPerSecond) {
            this.system = system;
            this.nodes = List.copyOf(nodes);
            this.evidence = evidence;
            messagesPerSecond = spread(runs, LoadResult::messagesPerSecond);
            nodeMessagesPerSecond = IntStream.range(0, nodes.size())
                .mapToObj(node -> spread(runs, run -> run.messagesPerSecond(node)))
                .collect(Collectors.toList());
            nodesCpuMillis = spread(runs, run -> run.cpuSecondsPer1000Messages(ticksPerSecond));
            cassandraCpuMillis = spread(runs, run -> cassandra ? run.furtherCpuSecondsPer1000Messages(0, ticksPerSecond) : Double.NaN);
            nodesCores = spread(runs, run -> run.forwarderCores(ticksPerSecond));
            cassandraCores = spread(runs, run -> cassandra ? run.furtherCores(0, ticksPerSecond) : Double.NaN);
            harnessCores = spread(runs, run -> run.harnessCores(ticksPerSecond));
            backgroundCores = spread(runs, run -> run.backgroundCores(ticksPerSecond));
            loadedP99Millis = spread(runs, run -> run.latencyMillis(99));
            failures = runs.stream().mapToInt(LoadResult::failed).sum();
            lostCopies = runs.stream().mapToInt(LoadResult::lostCopies).sum();
        }

        private static Spread spread(List<LoadResult> runs, ToDoubleFunction<LoadResult> value) {
            return Spread.of(runs.stream().map(run -> value.applyAsDouble(run)).collect(Collectors.toList()));
        }

        /** The median msg/s of the runs over the nodes: what one node forwarded. */
        double perNode() {
            return messagesPerSecond.median() / nodes.size();
        }

        String nodeRates() {
            return nodeMessagesPerSecond.stream().map(spread -> spread.format(0)).collect(Collectors.joining(", "));
        }
    }

    public void add(Row row) {
        rows.put(row.system, row);
    }

    /** How the phase ran: load, warm-up, windows, the Cassandra, the keyspace. */
    public void how(String how) {
        this.how = how;
    }

    private Optional<Row> row(String system) {
        return Optional.ofNullable(rows.get(system));
    }

    /** msg/s per node of {@code system} over the embedded single node's msg/s. */
    private Optional<Double> ratio(String system) {
        Optional<Row> measured = row(system);
        Optional<Row> reference = row(EMBEDDED);
        if (measured.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(measured.get().perNode() / reference.get().messagesPerSecond.median());
    }

    /** What every ratio of this phase is subject to on this machine. */
    private String caveat() {
        return String.format(Locale.ROOT, "one %d-core machine runs the nodes, Cassandra and the load generator: with two nodes this "
            + "measures their contention for its cores, not scaling", cores);
    }

    List<Report.Target> targets() {
        if (rows.isEmpty()) {
            return List.of();
        }
        return List.of(new Report.Target(String.format(Locale.ROOT, "two nodes on Cassandra, 2 KB: msg/s per node >= %.1fx the embedded "
            + "single node (%d cores shared by all: contention, not scaling)", TARGET, cores), ratio(CASSANDRA_TWO), "%.2fx", r -> r >= TARGET));
    }

    /** Last lines of the run: CPU per mail and cores busy, then the two ratios, each with what it is measured against. */
    List<String> summary() {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder cpu = new StringBuilder("cluster: CPU ms per mail, nodes + Cassandra:");
        StringBuilder busy = new StringBuilder("cluster: cores busy, nodes + Cassandra + harness (other load):");
        for (Row row : rows.values()) {
            cpu.append(String.format(Locale.ROOT, " %s %.2f + %s;", row.system, row.nodesCpuMillis.median(), orDash(row.cassandraCpuMillis.median())));
            busy.append(String.format(Locale.ROOT, " %s %.2f + %s + %.2f (%.2f);", row.system, row.nodesCores.median(),
                orDash(row.cassandraCores.median()), row.harnessCores.median(), row.backgroundCores.median()));
        }
        cpuPerNodeEstimate().ifPresent(estimate -> cpu.append(String.format(Locale.ROOT, " embedded / a node of two: %.2fx (the per-node "
            + "ratio to expect with each node and Cassandra on cores of their own: an estimate, not a measure)", estimate)));
        lines.add(cpu.toString());
        lines.add(busy.toString());
        Optional<Row> two = row(CASSANDRA_TWO);
        Optional<Row> embedded = row(EMBEDDED);
        lines.add(ratio(CASSANDRA_TWO).map(r -> String.format(Locale.ROOT, "cluster: two nodes on Cassandra, msg/s per node / embedded single "
                + "node: %.2fx, target >= %.1fx %s (per node %s; %.0f total vs %.0f msg/s); %s", r, TARGET, r >= TARGET ? "met" : "MISSED",
                two.get().nodeRates(), two.get().messagesPerSecond.median(), embedded.get().messagesPerSecond.median(), caveat()))
            .orElse("cluster: two nodes on Cassandra / embedded single node: not measured (" + missing(CASSANDRA_TWO) + ")"));
        Optional<Row> one = row(CASSANDRA_ONE);
        lines.add(ratio(CASSANDRA_ONE).map(r -> String.format(Locale.ROOT, "cluster: one node on Cassandra / embedded single node: %.2fx "
                + "(%.0f vs %.0f msg/s), what Cassandra storage costs one node", r, one.get().messagesPerSecond.median(),
                embedded.get().messagesPerSecond.median()))
            .orElse("cluster: one node on Cassandra / embedded single node: not measured (" + missing(CASSANDRA_ONE) + ")"));
        return lines;
    }

    /** The embedded node's CPU per mail over the two nodes' (each node's own, as their load is split evenly). */
    private Optional<Double> cpuPerNodeEstimate() {
        Optional<Row> two = row(CASSANDRA_TWO);
        Optional<Row> embedded = row(EMBEDDED);
        if (two.isEmpty() || embedded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(embedded.get().nodesCpuMillis.median() / two.get().nodesCpuMillis.median());
    }

    private String missing(String system) {
        return (row(EMBEDDED).isEmpty() ? EMBEDDED : system) + " missing";
    }

    private static String orDash(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    void writeTo(ObjectNode root) {
        if (rows.isEmpty()) {
            return;
        }
        ObjectNode cluster = root.putObject("cluster");
        cluster.put("how", how);
        cluster.put("caveat", caveat());
        ArrayNode nodes = cluster.putArray("systems");
        for (Row row : rows.values()) {
            ObjectNode node = nodes.addObject();
            node.put("system", row.system);
            row.nodes.forEach(node.putArray("nodes")::add);
            node.put("evidence", row.evidence);
            row.messagesPerSecond.writeTo(node.putObject("messagesPerSecond"));
            ArrayNode perNode = node.putArray("messagesPerSecondByNode");
            row.nodeMessagesPerSecond.forEach(spread -> spread.writeTo(perNode.addObject()));
            row.nodesCpuMillis.writeTo(node.putObject("nodesCpuMillisPerMail"));
            row.cassandraCpuMillis.writeTo(node.putObject("cassandraCpuMillisPerMail"));
            row.nodesCores.writeTo(node.putObject("nodesCores"));
            row.cassandraCores.writeTo(node.putObject("cassandraCores"));
            row.harnessCores.writeTo(node.putObject("harnessCores"));
            row.backgroundCores.writeTo(node.putObject("otherLoadCores"));
            row.loadedP99Millis.writeTo(node.putObject("p99MillisUnderLoad"));
            node.put("failedMessages", row.failures);
            node.put("lostCopies", row.lostCopies);
        }
        ratio(CASSANDRA_TWO).ifPresent(r -> Spread.put(cluster, "perNodeTwoNodesToEmbedded", r));
        ratio(CASSANDRA_ONE).ifPresent(r -> Spread.put(cluster, "oneNodeOnCassandraToEmbedded", r));
        cpuPerNodeEstimate().ifPresent(r -> Spread.put(cluster, "cpuPerMailEmbeddedToNodeOfTwo", r));
    }

    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Two nodes on Cassandra (smtpy-plain, 2 KB, 1 destination)\n\n").append(how).append("\n\n");
        md.append("| system | msg/s | msg/s by node | CPU ms / mail, nodes | CPU ms / mail, Cassandra | cores: nodes | Cassandra | harness "
            + "| other | p99 under load (ms) | failed | lost |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows.values()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |%n", row.system,
                row.messagesPerSecond.format(0), row.nodeRates(), row.nodesCpuMillis.format(2), row.cassandraCpuMillis.format(2),
                row.nodesCores.format(2), row.cassandraCores.format(2), row.harnessCores.format(2), row.backgroundCores.format(2),
                row.loadedP99Millis.format(0), row.failures, row.lostCopies));
        }
        md.append("\nWhat each node's check mail carried at the sink:\n\n");
        rows.values().forEach(row -> md.append("- ").append(row.system).append(": ").append(row.evidence).append('\n'));
        md.append('\n');
        summary().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\n**Read with care: ").append(caveat()).append(".**\n");
        return md.toString();
    }
}
