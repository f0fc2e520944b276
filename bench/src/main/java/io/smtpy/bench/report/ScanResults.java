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

import io.smtpy.bench.smtp.LoadResult;

/**
 * The scan phase (issue 14): each system's 2 KB throughput with and without spamd and clamd, whether it really
 * scanned, and the CPU per mail of the system and of each scanner. The ratio smtpy-scan/postfix-milters is only given
 * when both scanned: a side that did not scan would make a flattering ratio of a different job.
 */
public final class ScanResults {
    /** smtpy-plain with spamd.address and clamd.address set. */
    public static final String SMTPY_SCAN = "smtpy-scan";
    /** Postfix with spamass-milter and clamav-milter. */
    public static final String POSTFIX_MILTERS = "postfix-milters";
    /** The further CPU clocks of the scan phase, in this order in every row. */
    public static final String SPAMD = "spamd";
    public static final String CLAMD = "clamd";

    private final List<Row> rows = new ArrayList<>();
    private String how = "";

    /** One system's measured runs in the scan phase (CPU in ms per mail, medians and spread over the runs). */
    public static final class Row {
        final String system;
        final boolean scannersOn;
        final boolean spamScanned;
        final boolean virusScanned;
        final String evidence;
        final Spread messagesPerSecond;
        final Spread cpuMillis;
        final Map<String, Spread> partMillis;
        final Spread loadedP99Millis;
        final Spread backgroundCores;
        final int failures;
        final int lostCopies;

        /**
         * @param evidence  what the check mail at the sink carried, and the EICAR mail's fate
         * @param partNames the names of the runs' further CPU clocks, in their order: processes counted apart, spamd and
         *                  clamd (always, to show whether they were asked) and parts of the system (the milters)
         * @param runs      the measured windows
         */
        public Row(String system, boolean scannersOn, boolean spamScanned, boolean virusScanned, String evidence, List<String> partNames,
                   List<LoadResult> runs, long ticksPerSecond) {
            this.system = system;
            this.scannersOn = scannersOn;
            this.spamScanned = spamScanned;
            this.virusScanned = virusScanned;
            this.evidence = evidence;
            messagesPerSecond = spread(runs, LoadResult::messagesPerSecond);
            cpuMillis = spread(runs, run -> run.cpuSecondsPer1000Messages(ticksPerSecond));
            partMillis = new LinkedHashMap<>();
            for (int i = 0; i < partNames.size(); i++) {
                int clock = i;
                partMillis.put(partNames.get(i), spread(runs, run -> run.furtherCpuSecondsPer1000Messages(clock, ticksPerSecond)));
            }
            loadedP99Millis = spread(runs, run -> run.latencyMillis(99));
            backgroundCores = spread(runs, run -> run.backgroundCores(ticksPerSecond));
            failures = runs.stream().mapToInt(LoadResult::failed).sum();
            lostCopies = runs.stream().mapToInt(LoadResult::lostCopies).sum();
        }

        private static Spread spread(List<LoadResult> runs, ToDoubleFunction<LoadResult> value) {
            return Spread.of(runs.stream().map(run -> value.applyAsDouble(run)).collect(Collectors.toList()));
        }

        boolean scanned() {
            return spamScanned && virusScanned;
        }

        double part(String name) {
            Spread part = partMillis.get(name);
            return part == null ? Double.NaN : part.median();
        }

        String scanVerdict() {
            if (!scannersOn) {
                return "off";
            }
            if (scanned()) {
                return "yes";
            }
            return "NO" + (spamScanned ? "" : " (no spam verdict)") + (virusScanned ? "" : " (no virus verdict)");
        }
    }

    public void add(Row row) {
        rows.add(row);
    }

    /** How the phase ran: load, daemons, milter settings. */
    public void how(String how) {
        this.how = how;
    }

    private Optional<Row> row(String system) {
        return rows.stream().filter(r -> r.system.equals(system)).findFirst();
    }

    /** Why the ratio cannot be given (a side missing or not scanning), or empty when it can. */
    private Optional<String> notComparable() {
        Optional<Row> smtpy = row(SMTPY_SCAN);
        Optional<Row> postfix = row(POSTFIX_MILTERS);
        if (smtpy.isEmpty() || postfix.isEmpty()) {
            return Optional.of("not measured (" + (smtpy.isEmpty() ? SMTPY_SCAN : POSTFIX_MILTERS) + " missing)");
        }
        for (Row row : List.of(smtpy.get(), postfix.get())) {
            if (!row.scanned()) {
                return Optional.of("NOT COMPARABLE: " + row.system + " did not scan (scanned: " + row.scanVerdict() + ")");
            }
        }
        return Optional.empty();
    }

    private Optional<Double> ratio() {
        if (notComparable().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(row(SMTPY_SCAN).get().messagesPerSecond.median() / row(POSTFIX_MILTERS).get().messagesPerSecond.median());
    }

    List<Report.Target> targets() {
        if (rows.isEmpty()) {
            return List.of();
        }
        String name = "scanning (spamd and clamd), 2 KB: msg/s >= 1.0x postfix-milters";
        Optional<String> why = notComparable();
        return List.of(why.isPresent() ? new Report.Target(name, why.get()) : new Report.Target(name, ratio(), "%.2fx", r -> r >= 1.0));
    }

    /** The ratio (or, loudly, why there is none) and each scanner's cost per mail. */
    List<String> summary() {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(ratio().map(r -> String.format(Locale.ROOT, "scan: %s/%s msg/s %.2fx (%.0f vs %.0f msg/s, both scanned)", SMTPY_SCAN,
                POSTFIX_MILTERS, r, row(SMTPY_SCAN).get().messagesPerSecond.median(), row(POSTFIX_MILTERS).get().messagesPerSecond.median()))
            .orElse("scan: " + SMTPY_SCAN + "/" + POSTFIX_MILTERS + ": " + notComparable().orElse("") + "; NO RATIO"));
        StringBuilder costs = new StringBuilder("scan: CPU ms per mail:");
        for (Row row : rows) {
            if (row.scannersOn) {
                costs.append(String.format(Locale.ROOT, " %s spamd %.2f, clamd %.2f;", row.system, row.part(SPAMD), row.part(CLAMD)));
            }
        }
        addDifference(costs, SMTPY_SCAN, "smtpy-plain", "smtpy's own scanning");
        addDifference(costs, POSTFIX_MILTERS, "postfix", "the milters");
        lines.add(costs.toString());
        return lines;
    }

    /** The system's own CPU per mail with scanning minus without (spamd and clamd not included). */
    private void addDifference(StringBuilder line, String with, String without, String what) {
        Optional<Row> on = row(with);
        Optional<Row> off = row(without);
        if (on.isPresent() && off.isPresent()) {
            line.append(String.format(Locale.ROOT, " %s %+.2f (%s %.2f vs %s %.2f);", what, on.get().cpuMillis.median() - off.get().cpuMillis.median(),
                with, on.get().cpuMillis.median(), without, off.get().cpuMillis.median()));
        }
    }

    void writeTo(ObjectNode root) {
        if (rows.isEmpty()) {
            return;
        }
        ObjectNode scan = root.putObject("scan");
        scan.put("how", how);
        ArrayNode nodes = scan.putArray("systems");
        for (Row row : rows) {
            ObjectNode node = nodes.addObject();
            node.put("system", row.system);
            node.put("scannersOn", row.scannersOn);
            node.put("spamScanned", row.spamScanned);
            node.put("virusScanned", row.virusScanned);
            node.put("evidence", row.evidence);
            row.messagesPerSecond.writeTo(node.putObject("messagesPerSecond"));
            row.cpuMillis.writeTo(node.putObject("cpuMillisPerMail"));
            ObjectNode parts = node.putObject("cpuMillisPerMailApart");
            row.partMillis.forEach((name, spread) -> spread.writeTo(parts.putObject(name)));
            row.loadedP99Millis.writeTo(node.putObject("p99MillisUnderLoad"));
            row.backgroundCores.writeTo(node.putObject("otherLoadCores"));
            node.put("failedMessages", row.failures);
            node.put("lostCopies", row.lostCopies);
        }
        ratio().ifPresent(r -> Spread.put(scan, "ratioSmtpyToPostfixMilters", r));
        notComparable().ifPresent(why -> scan.put("ratioWithheld", why));
    }

    String markdown() {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Spam and virus scanning (2 KB, 1 destination, 10 connections)\n\n").append(how).append("\n\n");
        List<String> parts = new ArrayList<>();
        rows.forEach(r -> r.partMillis.keySet().stream().filter(p -> !parts.contains(p)).forEach(parts::add));
        md.append("| system | scanners | scanned | msg/s | CPU ms / mail (system) |");
        parts.forEach(p -> md.append(' ').append(p).append(" ms / mail |"));
        md.append(" p99 under load (ms) | other load (cores) | failed | lost |\n|---|---|---|---|---|");
        md.append("---|".repeat(parts.size())).append("---|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", row.system, row.scannersOn ? "spamd, clamd" : "none",
                row.scanVerdict(), row.messagesPerSecond.format(0), row.cpuMillis.format(2)));
            parts.forEach(p -> md.append(' ').append(row.partMillis.containsKey(p) ? row.partMillis.get(p).format(2) : "").append(" |"));
            md.append(String.format(Locale.ROOT, " %s | %s | %d | %d |%n", row.loadedP99Millis.format(0), row.backgroundCores.format(2),
                row.failures, row.lostCopies));
        }
        md.append("\nWhat each system's check mail carried at the sink:\n\n");
        rows.forEach(row -> md.append("- ").append(row.system).append(": ").append(row.evidence).append('\n'));
        ratio().ifPresent(r -> md.append(String.format(Locale.ROOT, "%nmsg/s %s/%s: **%.2fx** (both scanned; target >= 1.0x).%n", SMTPY_SCAN,
            POSTFIX_MILTERS, r)));
        notComparable().ifPresent(why -> md.append("\n**No ratio: ").append(why).append(".**\n"));
        return md.toString();
    }
}
