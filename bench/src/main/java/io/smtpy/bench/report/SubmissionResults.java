package io.smtpy.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.bench.smtp.SubmissionResult;
import io.smtpy.bench.smtp.TestMessage;

/**
 * The submission phase (issue 16): per system, shape of load (STARTTLS or implicit TLS, messages per connection) and
 * size, the sustained msg/s, the CPU per submitted mail, the client's submission latency and connection setup
 * percentiles; and the ratio of each smtpy system to Postfix, from the medians and as the geometric mean of the rounds'
 * ratios (each round measures every system once, one window after the other).
 */
public final class SubmissionResults {
    /** The reference every smtpy system is divided by. */
    public static final String REFERENCE = Report.POSTFIX;

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> checks = new LinkedHashMap<>();
    private final Map<String, List<Double>> rounds = new LinkedHashMap<>();
    private String how = "";

    /** One system's measured windows of one shape and size (medians and spread over the windows). */
    public static final class Row {
        final String system;
        final String shape;
        final int size;
        final String session;
        final Spread messagesPerSecond;
        final Spread acceptedPerSecond;
        final Spread cpuMillis;
        final Spread submitP50;
        final Spread submitP99;
        final Spread setupP50;
        final Spread setupP99;
        final Spread deliveryP99;
        final Spread connectionsPerSecond;
        final Spread backgroundCores;
        final int failures;
        final int lostCopies;

        public Row(String system, String shape, int size, List<SubmissionResult> runs, long ticksPerSecond) {
            this.system = system;
            this.shape = shape;
            this.size = size;
            this.session = runs.isEmpty() ? "" : runs.get(0).session();
            messagesPerSecond = spread(runs, r -> r.load().messagesPerSecond());
            acceptedPerSecond = spread(runs, r -> r.load().acceptedPerSecond());
            cpuMillis = spread(runs, r -> r.load().cpuSecondsPer1000Messages(ticksPerSecond));
            submitP50 = spread(runs, r -> r.submissionMillis(50));
            submitP99 = spread(runs, r -> r.submissionMillis(99));
            setupP50 = spread(runs, r -> r.setupMillis(50));
            setupP99 = spread(runs, r -> r.setupMillis(99));
            deliveryP99 = spread(runs, r -> r.load().latencyMillis(99));
            connectionsPerSecond = spread(runs, r -> r.connections() / r.load().windowSeconds());
            backgroundCores = spread(runs, r -> r.load().backgroundCores(ticksPerSecond));
            failures = runs.stream().mapToInt(r -> r.load().failed()).sum();
            lostCopies = runs.stream().mapToInt(r -> r.load().lostCopies()).sum();
        }

        private static Spread spread(List<SubmissionResult> runs, ToDoubleFunction<SubmissionResult> value) {
            return Spread.of(runs.stream().map(run -> value.applyAsDouble(run)).collect(Collectors.toList()));
        }

        String point() {
            return shape + ", " + TestMessage.label(size);
        }
    }

    public void how(String how) {
        this.how = how;
    }

    /** What a system's check mail carried at the sink, and what it offered before TLS. */
    public void check(String system, String evidence) {
        checks.put(system, evidence);
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** The ratios system/reference of each round of one point, msg/s. */
    public void rounds(String system, String shape, int size, List<Double> ratios) {
        rounds.put(key(system, shape, size), List.copyOf(ratios));
    }

    private static String key(String system, String shape, int size) {
        return system + "|" + shape + "|" + size;
    }

    private Optional<Row> row(String system, String shape, int size) {
        return rows.stream().filter(r -> r.system.equals(system) && r.shape.equals(shape) && r.size == size).findFirst();
    }

    private Optional<Double> ratio(Row row) {
        return row(REFERENCE, row.shape, row.size).map(reference -> row.messagesPerSecond.median() / reference.messagesPerSecond.median());
    }

    private Optional<Double> roundsRatio(Row row) {
        List<Double> ratios = rounds.getOrDefault(key(row.system, row.shape, row.size), List.of());
        if (ratios.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(Double.NaN)));
    }

    /** Points in the order measured. */
    private List<Row> points() {
        List<Row> points = new ArrayList<>();
        for (Row row : rows) {
            if (points.stream().noneMatch(p -> p.shape.equals(row.shape) && p.size == row.size)) {
                points.add(row);
            }
        }
        return points;
    }

    /** One line per point: each system's msg/s, CPU per mail and submission p50/p99, then each smtpy system's ratio to Postfix. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Row point : points()) {
            StringBuilder line = new StringBuilder("submission, " + point.point() + ":");
            List<Row> systems = rows.stream().filter(r -> r.shape.equals(point.shape) && r.size == point.size).collect(Collectors.toList());
            for (Row row : systems) {
                line.append(String.format(Locale.ROOT, " %s %.0f msg/s, %.2f ms CPU/mail, p50 %.1f ms, p99 %.1f ms;", row.system,
                    row.messagesPerSecond.median(), row.cpuMillis.median(), row.submitP50.median(), row.submitP99.median()));
            }
            for (Row row : systems) {
                if (row.system.equals(REFERENCE)) {
                    continue;
                }
                ratio(row).ifPresent(r -> line.append(String.format(Locale.ROOT, " %s/%s %.2fx", row.system, REFERENCE, r)));
                roundsRatio(row).ifPresent(r -> line.append(String.format(Locale.ROOT, " (rounds %.2fx)", r)));
                line.append(';');
            }
            lines.add(line.toString());
        }
        return lines;
    }

    void writeTo(ObjectNode root) {
        if (rows.isEmpty()) {
            return;
        }
        ObjectNode submission = root.putObject("submission");
        submission.put("how", how);
        ObjectNode checkNodes = submission.putObject("checks");
        checks.forEach(checkNodes::put);
        ArrayNode nodes = submission.putArray("points");
        for (Row row : rows) {
            ObjectNode node = nodes.addObject();
            node.put("system", row.system);
            node.put("shape", row.shape);
            node.put("size", row.size);
            node.put("tls", row.session);
            row.messagesPerSecond.writeTo(node.putObject("messagesPerSecond"));
            row.acceptedPerSecond.writeTo(node.putObject("acceptedPerSecond"));
            row.cpuMillis.writeTo(node.putObject("cpuMillisPerMail"));
            row.submitP50.writeTo(node.putObject("submissionP50Millis"));
            row.submitP99.writeTo(node.putObject("submissionP99Millis"));
            row.setupP50.writeTo(node.putObject("setupP50Millis"));
            row.setupP99.writeTo(node.putObject("setupP99Millis"));
            row.deliveryP99.writeTo(node.putObject("deliveryP99MillisUnderLoad"));
            row.connectionsPerSecond.writeTo(node.putObject("connectionsPerSecond"));
            row.backgroundCores.writeTo(node.putObject("otherLoadCores"));
            node.put("failedMessages", row.failures);
            node.put("lostCopies", row.lostCopies);
            ratio(row).filter(r -> !row.system.equals(REFERENCE)).ifPresent(r -> Spread.put(node, "ratioToPostfix", r));
            roundsRatio(row).ifPresent(r -> Spread.put(node, "ratioToPostfixRoundsGeometricMean", r));
            List<Double> ratios = rounds.get(key(row.system, row.shape, row.size));
            if (ratios != null) {
                ArrayNode each = node.putArray("roundRatiosToPostfix");
                ratios.forEach(r -> each.add(Spread.round(r)));
            }
        }
    }

    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Submission with TLS and AUTH (issue 16)\n\n").append(how).append("\n\n");
        md.append("| shape | size | system | msg/s | accepted/s | CPU ms / mail | submission p50 (ms) | submission p99 (ms) | setup p50 (ms) "
            + "| setup p99 (ms) | connections/s | delivery p99 under load (ms) | other load (cores) | failed | lost | / postfix (medians) "
            + "| / postfix (rounds) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s |%n", row.shape,
                TestMessage.label(row.size), row.system, row.messagesPerSecond.format(0), row.acceptedPerSecond.format(0), row.cpuMillis.format(2),
                row.submitP50.format(1), row.submitP99.format(1), row.setupP50.format(1), row.setupP99.format(1), row.connectionsPerSecond.format(0),
                row.deliveryP99.format(0), row.backgroundCores.format(2), row.failures, row.lostCopies,
                row.system.equals(REFERENCE) ? "" : ratio(row).map(r -> String.format(Locale.ROOT, "**%.2fx**", r)).orElse("–"),
                row.system.equals(REFERENCE) ? "" : roundsRatio(row).map(r -> String.format(Locale.ROOT, "%.2fx", r)).orElse("–")));
        }
        md.append("\nTLS of each system's first connection per point: ");
        md.append(rows.stream().map(r -> r.system + " " + r.session).distinct().collect(Collectors.joining("; "))).append(".\n");
        md.append("\nWhat each system's check mail carried at the sink, and its submission port's EHLO before TLS:\n\n");
        checks.forEach((system, evidence) -> md.append("- ").append(system).append(": ").append(evidence).append('\n'));
        return md.toString();
    }
}
