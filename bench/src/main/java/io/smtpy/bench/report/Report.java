package io.smtpy.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtpy.bench.smtp.TestMessage;

/**
 * Everything one benchmark run measured, written as {@code <date>.json} and {@code <date>.md}, and the closing
 * summary: the ratios smtpy/James, smtpy/Postfix and smtpy/postfix-stack, 1M/1k resolution cost, and which targets are met.
 * Every number comes from the run; nothing here is typed in except the targets themselves.
 */
public final class Report {
    public static final String SMTPY = "smtpy";
    public static final String JAMES = "james";
    public static final String POSTFIX = "postfix";
    /** Postfix with postsrsd (SRS) and OpenDKIM (DKIM) as a milter: the equal-work reference of issue 12. */
    public static final String POSTFIX_STACK = "postfix-stack";
    /** smtpy forwarding with SRS only: inbound checks, ARC and DKIM off (issue 12), the framework's own cost. */
    public static final String SMTPY_PLAIN = "smtpy-plain";
    private static final int KB2 = 2 * 1024;
    private static final int KB50 = 50 * 1024;
    private static final double MB = 1024.0;

    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Throughput> throughputs = new ArrayList<>();
    private final List<Latency> latencies = new ArrayList<>();
    private final List<Memory> memories = new ArrayList<>();
    private final List<Resolution> resolutions = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<Guard> guards = new ArrayList<>();
    private final List<OwnerDecision> ownerDecisions = new ArrayList<>();
    private String ownerDecisionsHow = "";
    private final List<StageCosts> stages = new ArrayList<>();
    private final ScanResults scan = new ScanResults();
    private final SubmissionResults submission = new SubmissionResults();
    private final ClusterResults cluster = new ClusterResults();
    private final List<String> notes = new ArrayList<>();

    /** Sustained end-to-end rate at 10 connections, repeated. */
    public static final class Throughput {
        final String system;
        final int destinations;
        final int size;
        final Spread messagesPerSecond;
        final Spread copiesPerSecond;
        final Spread acceptedPerSecond;
        final Spread cpuSecondsPer1000;
        final Spread loadedP99Millis;
        final Spread backgroundCores;
        final int failures;
        final int lostCopies;

        public Throughput(String system, int destinations, int size, Spread messagesPerSecond, Spread copiesPerSecond,
                          Spread acceptedPerSecond, Spread cpuSecondsPer1000, Spread loadedP99Millis, Spread backgroundCores,
                          int failures, int lostCopies) {
            this.system = system;
            this.destinations = destinations;
            this.size = size;
            this.messagesPerSecond = messagesPerSecond;
            this.copiesPerSecond = copiesPerSecond;
            this.acceptedPerSecond = acceptedPerSecond;
            this.cpuSecondsPer1000 = cpuSecondsPer1000;
            this.loadedP99Millis = loadedP99Millis;
            this.backgroundCores = backgroundCores;
            this.failures = failures;
            this.lostCopies = lostCopies;
        }
    }

    /** End of DATA to arrival at the sink, at a fixed rate, repeated. */
    public static final class Latency {
        final String system;
        final int size;
        final double rate;
        final Spread p50;
        final Spread p95;
        final Spread p99;
        final int samples;
        final int failures;

        public Latency(String system, int size, double rate, Spread p50, Spread p95, Spread p99, int samples, int failures) {
            this.system = system;
            this.size = size;
            this.rate = rate;
            this.p50 = p50;
            this.p95 = p95;
            this.p99 = p99;
            this.samples = samples;
            this.failures = failures;
        }
    }

    /** Resident memory of a forwarder, in KiB: idle after start, peak over the whole run, at the end. */
    public static final class Memory {
        final String system;
        final long idleKb;
        final long peakKb;
        final long endKb;
        final String how;

        public Memory(String system, long idleKb, long peakKb, long endKb, String how) {
            this.system = system;
            this.idleKb = idleKb;
            this.peakKb = peakKb;
            this.endKb = endKb;
            this.how = how;
        }
    }

    /** Time of one resolution (JMH, average time mode): median of the iterations, and their range. */
    public static final class Resolution {
        final String kind;
        final int aliases;
        final double nanosPerOperation;
        final double lowest;
        final double highest;

        public Resolution(String kind, int aliases, double nanosPerOperation, double lowest, double highest) {
            this.kind = kind;
            this.aliases = aliases;
            this.nanosPerOperation = nanosPerOperation;
            this.lowest = lowest;
            this.highest = highest;
        }
    }

    /**
     * The owners' decisions for one mail (JMH sample time, {@code OwnerDecisions.afterData}), in µs: mean, p50, p99 and
     * p99.9 over every timed call, and the median and range of the measured iterations' means.
     */
    public static final class OwnerDecision {
        final String scenario;
        final double mean;
        final double p50;
        final double p99;
        final double p999;
        final long samples;
        final double medianIteration;
        final double lowestIteration;
        final double highestIteration;

        public OwnerDecision(String scenario, double mean, double p50, double p99, double p999, long samples, double medianIteration,
                             double lowestIteration, double highestIteration) {
            this.scenario = scenario;
            this.mean = mean;
            this.p50 = p50;
            this.p99 = p99;
            this.p999 = p999;
            this.samples = samples;
            this.medianIteration = medianIteration;
            this.lowestIteration = lowestIteration;
            this.highestIteration = highestIteration;
        }
    }

    /** What each case of the owners' decisions benchmark holds (bench/README.md has the details). */
    private static final Map<String, String> OWNER_DECISION_CASES = Map.of(
        "baseline", "no rules, no list entries (the message is not read)",
        "rules-header", "100 rules on the alias, none matching, header-only conditions",
        "rules-body", "100 rules on the alias, none matching, 5 of them with body conditions",
        "lists", "10,000 block/allow entries on the domain, none matching",
        "both-header", "the 10,000 entries and the 100 header-only rules",
        "both-body", "the 10,000 entries and the 100 rules with body conditions");

    /** One CSV import through the REST task into the embedded server. */
    public static final class Import {
        final int aliases;
        final double seconds;
        final double taskSeconds;
        final double peakHeapMb;
        final double heapAfterMb;
        final double peakRssMb;
        final String status;

        public Import(int aliases, double seconds, double taskSeconds, double peakHeapMb, double heapAfterMb, double peakRssMb,
                      String status) {
            this.aliases = aliases;
            this.seconds = seconds;
            this.taskSeconds = taskSeconds;
            this.peakHeapMb = peakHeapMb;
            this.heapAfterMb = heapAfterMb;
            this.peakRssMb = peakRssMb;
            this.status = status;
        }
    }

    /** The WebAdmin guard's cost: the same alias read and create with and without it (milliseconds, aliases/s). */
    public static final class Guard {
        final String how;
        final int reads;
        final double[] guardedReads;
        final double[] unguardedReads;
        final int creates;
        final int connections;
        final double guardedCreatesPerSecond;
        final double unguardedCreatesPerSecond;
        final double[] guardedCreates;
        final double[] unguardedCreates;
        final int failures;
        final long auditEntries;
        final boolean auditChainValid;
        final Map<String, Double> componentNanos;

        /**
         * @param guardedReads p50, p99, p99.9, mean (ms), as are the other latency arrays
         */
        public Guard(String how, int reads, double[] guardedReads, double[] unguardedReads, int creates, int connections,
                     double guardedCreatesPerSecond, double unguardedCreatesPerSecond, double[] guardedCreates, double[] unguardedCreates,
                     int failures, long auditEntries, boolean auditChainValid, Map<String, Double> componentNanos) {
            this.how = how;
            this.reads = reads;
            this.guardedReads = guardedReads.clone();
            this.unguardedReads = unguardedReads.clone();
            this.creates = creates;
            this.connections = connections;
            this.guardedCreatesPerSecond = guardedCreatesPerSecond;
            this.unguardedCreatesPerSecond = unguardedCreatesPerSecond;
            this.guardedCreates = guardedCreates.clone();
            this.unguardedCreates = unguardedCreates.clone();
            this.failures = failures;
            this.auditEntries = auditEntries;
            this.auditChainValid = auditChainValid;
            this.componentNanos = new LinkedHashMap<>(componentNanos);
        }

        /** What the guard adds to a read's p99, in ms. */
        double readP99Added() {
            return guardedReads[1] - unguardedReads[1];
        }

        double createThroughputRatio() {
            return guardedCreatesPerSecond / unguardedCreatesPerSecond;
        }
    }

    /**
     * CPU per mail by stage of the mail path (see StageProfiler): rows in microseconds per mail, amounts from a window
     * without profiler, divided among the stages in the proportions of async-profiler's samples in the window after it; their sum
     * is the forwarder's CPU per mail in the first window.
     */
    public static final class StageCosts {
        public static final String KERNEL = "kernel time of the mail threads (system calls: sockets, files, fsync)";
        public static final String JVM = "JVM threads (GC, JIT compilers, VM operations)";
        public static final String TRUNCATED = "stack deeper than the profiler keeps, no stage frame in what it kept";
        final String system;
        final double windowSeconds;
        final double messages;
        final double messagesPerSecond;
        final Map<String, Double> microsPerMail;
        final int samples;
        final int truncatedSamples;
        final Map<String, Integer> sampleCounts;
        double profiledMessagesPerSecond = Double.NaN;
        double profiledCpuMicrosPerMail = Double.NaN;

        public StageCosts(String system, double windowSeconds, double messages, double messagesPerSecond, Map<String, Double> microsPerMail,
                          int samples, int truncatedSamples, Map<String, Integer> sampleCounts) {
            this.system = system;
            this.windowSeconds = windowSeconds;
            this.messages = messages;
            this.messagesPerSecond = messagesPerSecond;
            this.microsPerMail = new LinkedHashMap<>(microsPerMail);
            this.samples = samples;
            this.truncatedSamples = truncatedSamples;
            this.sampleCounts = new LinkedHashMap<>(sampleCounts);
        }

        /** The profiled window's msg/s and CPU per mail: what the profiler cost, shown beside the table. */
        public StageCosts withProfiledWindow(double messagesPerSecond, double cpuMicrosPerMail) {
            profiledMessagesPerSecond = messagesPerSecond;
            profiledCpuMicrosPerMail = cpuMicrosPerMail;
            return this;
        }

        double totalMicros() {
            return microsPerMail.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The table as text lines, for the log. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            microsPerMail.forEach((row, micros) -> lines.add(String.format(Locale.ROOT, "%6.0f µs/mail  %s", micros, row)));
            lines.add(String.format(Locale.ROOT, "%6.0f µs/mail  total (%.0f msg/s; %d samples of the profiled window, %d truncated without "
                + "a stage frame)", totalMicros(), messagesPerSecond, samples, truncatedSamples));
            return lines;
        }

        /** The largest rows, largest first: where this system's CPU per mail goes. */
        String largest(int count) {
            return microsPerMail.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(count)
                .map(e -> String.format(Locale.ROOT, "%s %.0f µs/mail", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        }
    }

    public void setting(String name, String value) {
        settings.put(name, value);
    }

    public void add(Throughput throughput) {
        throughputs.add(throughput);
    }

    public void add(Latency latency) {
        latencies.add(latency);
    }

    public void add(Memory memory) {
        memories.add(memory);
    }

    public void add(Resolution resolution) {
        resolutions.add(resolution);
    }

    public void add(Import anImport) {
        imports.add(anImport);
    }

    public void add(Guard guard) {
        guards.add(guard);
    }

    public void add(OwnerDecision decision) {
        ownerDecisions.add(decision);
    }

    /** How the owners' decisions were measured (JMH settings, message size, the machine's load). */
    public void ownerDecisionsSettings(String how) {
        ownerDecisionsHow = how;
    }

    private Optional<OwnerDecision> ownerDecision(String scenario) {
        return ownerDecisions.stream().filter(d -> d.scenario.equals(scenario)).findFirst();
    }

    public void add(StageCosts costs) {
        stages.add(costs);
    }

    public void note(String note) {
        notes.add(note);
    }

    /** The submission phase's results (issue 16), filled in by the phase. */
    public SubmissionResults submission() {
        return submission;
    }

    /** The cluster phase's results (issue 17), filled in by the phase. */
    public ClusterResults cluster() {
        return cluster;
    }

    /** The scan phase's results (issue 14), filled in by the phase. */
    public ScanResults scan() {
        return scan;
    }

    // ---- ratios and targets

    private Optional<Throughput> throughput(String system, int destinations, int size) {
        return throughputs.stream().filter(t -> t.system.equals(system) && t.destinations == destinations && t.size == size).findFirst();
    }

    private Optional<Latency> latency(String system, int size) {
        return latencies.stream().filter(l -> l.system.equals(system) && l.size == size).findFirst();
    }

    private Optional<Double> resolutionRatio(String kind, int large, int small) {
        Optional<Resolution> big = resolutions.stream().filter(r -> r.kind.equals(kind) && r.aliases == large).findFirst();
        Optional<Resolution> reference = resolutions.stream().filter(r -> r.kind.equals(kind) && r.aliases == small).findFirst();
        if (big.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(big.get().nanosPerOperation / reference.get().nanosPerOperation);
    }

    private Optional<Double> throughputRatio(String ours, String theirs, int destinations, int size) {
        Optional<Throughput> mine = throughput(ours, destinations, size);
        Optional<Throughput> other = throughput(theirs, destinations, size);
        if (mine.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(destinations == 1
            ? mine.get().messagesPerSecond.median() / other.get().messagesPerSecond.median()
            : mine.get().copiesPerSecond.median() / other.get().copiesPerSecond.median());
    }

    private Optional<Double> p99Ratio(String ours, String theirs, int size) {
        Optional<Latency> mine = latency(ours, size);
        Optional<Latency> other = latency(theirs, size);
        if (mine.isEmpty() || other.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(mine.get().p99.median() / other.get().p99.median());
    }

    /** CPU milliseconds per message (= CPU seconds per 1000) of a throughput point, median of the runs. */
    private Optional<Double> cpuMillisPerMail(String system, int size) {
        return throughput(system, 1, size).map(t -> t.cpuSecondsPer1000.median());
    }

    /**
     * One target of the issue: what was measured and whether it is met (empty when not measured in this run); a missed
     * target about a system that has a stage table says which stages hold it back.
     */
    public static final class Target {
        final String name;
        final String measured;
        final Optional<Boolean> met;
        final String heldBackBy;

        Target(String name, Optional<Double> value, String format, Predicate<Double> goal) {
            this(name, value, format, goal, Optional.empty());
        }

        /** A target that could not be judged, and why (in place of a measure). */
        Target(String name, String whyNotMeasured) {
            this.name = name;
            this.measured = whyNotMeasured;
            this.met = Optional.empty();
            this.heldBackBy = "";
        }

        Target(String name, Optional<Double> value, String format, Predicate<Double> goal, Optional<StageCosts> stages) {
            this.name = name;
            this.measured = value.map(v -> String.format(Locale.ROOT, format, v)).orElse("not measured");
            this.met = value.map(goal::test);
            this.heldBackBy = met.orElse(true) || stages.isEmpty() ? ""
                : String.format(Locale.ROOT, "%s of %.0f µs/mail (%s's stage table)", stages.get().largest(2), stages.get().totalMicros(),
                    stages.get().system);
        }

        String verdict() {
            return met.map(ok -> ok ? "met" : "MISSED").orElse("n/a");
        }

        @Override
        public String toString() {
            return name + ": " + measured + ", " + verdict() + (heldBackBy.isEmpty() ? "" : "; held back by: " + heldBackBy);
        }
    }

    private Optional<StageCosts> stages(String system) {
        return stages.stream().filter(s -> s.system.equals(system)).findFirst();
    }

    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (int size : new int[] {KB2, KB50}) {
            targets.add(new Target("signing active, " + TestMessage.label(size) + ": msg/s >= 1.5x postfix-stack",
                throughputRatio(SMTPY, POSTFIX_STACK, 1, size), "%.2fx", r -> r >= 1.5, stages(SMTPY)));
        }
        for (int size : new int[] {KB2, KB50}) {
            targets.add(new Target("plain forwarding, " + TestMessage.label(size) + ": msg/s >= 1.0x vanilla James",
                throughputRatio(SMTPY_PLAIN, JAMES, 1, size), "%.2fx", r -> r >= 1.0, stages(SMTPY_PLAIN)));
        }
        targets.add(new Target("3 destinations, 2 KB: copies/s >= 1.0x vanilla James (plain)",
            throughputRatio(SMTPY_PLAIN, JAMES, 3, KB2), "%.2fx", r -> r >= 1.0, stages(SMTPY_PLAIN)));
        targets.add(new Target("3 destinations, 2 KB: copies/s >= 1.0x vanilla James (signing active)",
            throughputRatio(SMTPY, JAMES, 3, KB2), "%.2fx", r -> r >= 1.0, stages(SMTPY)));
        targets.add(new Target("signing active: p99 at 20 msg/s < 10 ms (2 KB)", latency(SMTPY, KB2).map(l -> l.p99.median()), "%.1f ms",
            v -> v < 10, stages(SMTPY)));
        targets.add(new Target("signing active: p99 at 20 msg/s < 15 ms (50 KB)", latency(SMTPY, KB50).map(l -> l.p99.median()), "%.1f ms",
            v -> v < 15, stages(SMTPY)));
        targets.add(new Target("CPU per mail, 2 KB, signing active <= 5.5 ms", cpuMillisPerMail(SMTPY, KB2), "%.2f ms", v -> v <= 5.5,
            stages(SMTPY)));
        targets.add(new Target("CPU per mail, 2 KB, plain <= 3.7 ms", cpuMillisPerMail(SMTPY_PLAIN, KB2), "%.2f ms", v -> v <= 3.7,
            stages(SMTPY_PLAIN)));
        for (String system : new String[] {SMTPY, SMTPY_PLAIN}) {
            targets.add(new Target("peak RSS <= 512 MB under the throughput load (" + system + ")",
                memory(system).map(m -> m.peakKb / MB), "%.0f MB", v -> v <= 512));
        }
        targets.add(new Target("idle RSS <= 300 MB (smtpy)", memory(SMTPY).map(m -> m.idleKb / MB), "%.0f MB", v -> v <= 300));
        for (String kind : resolutionKinds()) {
            targets.add(new Target("1M-alias resolution (" + kind + ") <= 1.1x of 1k", resolutionRatio(kind, 1_000_000, 1_000),
                "%.2fx", r -> r <= 1.1));
        }
        for (String scenario : List.of("rules-header", "rules-body", "lists", "both-header", "both-body")) {
            Optional<OwnerDecision> decision = ownerDecision(scenario);
            // The verdict is on JMH's mean; the p99 is shown beside it.
            String format = decision.map(d -> String.format(Locale.ROOT, "%%.1f µs mean (p99 %.1f µs)", d.p99)).orElse("%.1f µs");
            targets.add(new Target("owners' decisions < 50 µs per mail: " + OWNER_DECISION_CASES.get(scenario),
                decision.map(d -> d.mean), format, v -> v < 50));
        }
        targets.add(new Target("1M-alias import < 60 s",
            imports.stream().filter(i -> i.aliases == 1_000_000).findFirst().map(i -> i.seconds), "%.1f s", v -> v < 60));
        targets.add(new Target("WebAdmin guard adds < 0.2 ms to a read's p99", guards.stream().findFirst().map(Guard::readP99Added),
            "%+.3f ms", v -> v < 0.2));
        targets.addAll(scan.targets());
        targets.addAll(cluster.targets());
        return targets;
    }

    private Optional<Memory> memory(String system) {
        return memories.stream().filter(m -> m.system.equals(system)).findFirst();
    }

    private List<String> resolutionKinds() {
        List<String> kinds = new ArrayList<>();
        resolutions.forEach(r -> {
            if (!kinds.contains(r.kind)) {
                kinds.add(r.kind);
            }
        });
        return kinds;
    }

    /**
     * The closing lines: the largest stages of each smtpy system, the ratios of each smtpy system to each reference
     * (throughput, p99; above 1 smtpy is faster, respectively slower), 1M/1k resolution cost, the guard, the targets met,
     * then the submission phase's lines and last the cluster phase's ratios.
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (StageCosts s : stages) {
            lines.add(String.format(Locale.ROOT, "%s CPU by stage (2 KB, %.0f µs/mail): %s", s.system, s.totalMicros(), s.largest(4)));
        }
        String[][] pairs = {{SMTPY, POSTFIX_STACK}, {SMTPY, JAMES}, {SMTPY, POSTFIX}, {SMTPY_PLAIN, JAMES}, {SMTPY_PLAIN, POSTFIX}};
        for (String[] pair : pairs) {
            if (throughputs.stream().noneMatch(t -> t.system.equals(pair[0]))) {
                continue;
            }
            StringBuilder line = new StringBuilder(pair[0] + "/" + pair[1] + ":");
            throughputs.stream().filter(t -> t.system.equals(pair[0])).forEach(t -> throughputRatio(pair[0], pair[1], t.destinations, t.size)
                .ifPresent(r -> line.append(String.format(Locale.ROOT, " %s%s %.2fx;", t.destinations == 1 ? "" : t.destinations + " dest ",
                    TestMessage.label(t.size), r))));
            latencies.stream().filter(l -> l.system.equals(pair[0])).forEach(l -> p99Ratio(pair[0], pair[1], l.size)
                .ifPresent(r -> line.append(String.format(Locale.ROOT, " p99 %s %.2fx;", TestMessage.label(l.size), r))));
            lines.add(line.toString());
        }
        if (!resolutions.isEmpty()) {
            StringBuilder resolution = new StringBuilder("resolution 1M/1k:");
            for (String kind : resolutionKinds()) {
                resolutionRatio(kind, 1_000_000, 1_000).ifPresent(r -> resolution.append(String.format(Locale.ROOT, " %s %.2fx;", kind, r)));
            }
            lines.add(resolution.toString());
        }
        if (!ownerDecisions.isEmpty()) {
            StringBuilder decisions = new StringBuilder("owners' decisions, µs/mail mean (p99):");
            ownerDecisions.forEach(d -> decisions.append(String.format(Locale.ROOT, " %s %.1f (%.1f);", d.scenario, d.mean, d.p99)));
            lines.add(decisions.toString());
        }
        guards.stream().findFirst().ifPresent(g -> lines.add(String.format(Locale.ROOT,
            "guard: read p99 %+.3f ms (%.3f vs %.3f), p50 %+.3f ms; alias creates %.2fx (%.0f vs %.0f /s, %d connections)",
            g.readP99Added(), g.guardedReads[1], g.unguardedReads[1], g.guardedReads[0] - g.unguardedReads[0], g.createThroughputRatio(),
            g.guardedCreatesPerSecond, g.unguardedCreatesPerSecond, g.connections)));
        lines.addAll(scan.summary());
        long met = targets().stream().filter(t -> t.met.orElse(false)).count();
        long measured = targets().stream().filter(t -> t.met.isPresent()).count();
        lines.add("targets met: " + met + " of " + measured + " measured");
        // Then the submission phase's msg/s, latency and ratios to Postfix (issue 16 has no target, only the ratio).
        lines.addAll(submission.summary());
        // Then the cluster phase's ratios (issue 17), with what they measure on this machine.
        lines.addAll(cluster.summary());
        return lines;
    }

    // ---- output

    public void write(Path json, Path markdown) throws IOException {
        Files.createDirectories(json.getParent());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(json, mapper.writeValueAsString(toJson(mapper)) + "\n");
        Files.writeString(markdown, toMarkdown());
    }

    private ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode settingsNode = root.putObject("settings");
        settings.forEach(settingsNode::put);
        ArrayNode throughputNodes = root.putArray("throughput");
        for (Throughput t : throughputs) {
            ObjectNode node = throughputNodes.addObject();
            node.put("system", t.system);
            node.put("destinations", t.destinations);
            node.put("sizeBytes", t.size);
            t.messagesPerSecond.writeTo(node.putObject("messagesPerSecond"));
            t.copiesPerSecond.writeTo(node.putObject("copiesPerSecond"));
            t.acceptedPerSecond.writeTo(node.putObject("acceptedPerSecond"));
            t.cpuSecondsPer1000.writeTo(node.putObject("cpuSecondsPer1000Messages"));
            t.loadedP99Millis.writeTo(node.putObject("p99MillisUnderLoad"));
            t.backgroundCores.writeTo(node.putObject("otherLoadCores"));
            node.put("failedMessages", t.failures);
            node.put("lostCopies", t.lostCopies);
        }
        ArrayNode latencyNodes = root.putArray("latency");
        for (Latency l : latencies) {
            ObjectNode node = latencyNodes.addObject();
            node.put("system", l.system);
            node.put("sizeBytes", l.size);
            node.put("messagesPerSecond", l.rate);
            l.p50.writeTo(node.putObject("p50Millis"));
            l.p95.writeTo(node.putObject("p95Millis"));
            l.p99.writeTo(node.putObject("p99Millis"));
            node.put("samples", l.samples);
            node.put("failedMessages", l.failures);
        }
        ArrayNode memoryNodes = root.putArray("memory");
        for (Memory m : memories) {
            ObjectNode node = memoryNodes.addObject();
            node.put("system", m.system);
            Spread.put(node, "idleRssMb", m.idleKb / MB);
            Spread.put(node, "peakRssMb", m.peakKb / MB);
            Spread.put(node, "endRssMb", m.endKb / MB);
            node.put("how", m.how);
        }
        ArrayNode resolutionNodes = root.putArray("resolution");
        for (Resolution r : resolutions) {
            ObjectNode node = resolutionNodes.addObject();
            node.put("kind", r.kind);
            node.put("aliases", r.aliases);
            Spread.put(node, "nanosPerResolution", r.nanosPerOperation);
            Spread.put(node, "lowestIteration", r.lowest);
            Spread.put(node, "highestIteration", r.highest);
        }
        ArrayNode decisionNodes = root.putArray("ownerDecisions");
        for (OwnerDecision d : ownerDecisions) {
            ObjectNode node = decisionNodes.addObject();
            node.put("case", d.scenario);
            node.put("description", OWNER_DECISION_CASES.getOrDefault(d.scenario, ""));
            Spread.put(node, "meanMicros", d.mean);
            Spread.put(node, "p50Micros", d.p50);
            Spread.put(node, "p99Micros", d.p99);
            Spread.put(node, "p999Micros", d.p999);
            node.put("calls", d.samples);
            Spread.put(node, "medianIterationMicros", d.medianIteration);
            Spread.put(node, "lowestIterationMicros", d.lowestIteration);
            Spread.put(node, "highestIterationMicros", d.highestIteration);
        }
        if (!ownerDecisionsHow.isEmpty()) {
            root.put("ownerDecisionsHow", ownerDecisionsHow);
        }
        ArrayNode importNodes = root.putArray("import");
        for (Import i : imports) {
            ObjectNode node = importNodes.addObject();
            node.put("aliases", i.aliases);
            Spread.put(node, "seconds", i.seconds);
            Spread.put(node, "taskSeconds", i.taskSeconds);
            Spread.put(node, "peakHeapMb", i.peakHeapMb);
            Spread.put(node, "heapAfterGcMb", i.heapAfterMb);
            Spread.put(node, "peakRssMb", i.peakRssMb);
            node.put("status", i.status);
        }
        ArrayNode guardNodes = root.putArray("guard");
        for (Guard g : guards) {
            ObjectNode node = guardNodes.addObject();
            node.put("how", g.how);
            node.put("reads", g.reads);
            putLatencies(node.putObject("guardedReadMicros"), g.guardedReads);
            putLatencies(node.putObject("unguardedReadMicros"), g.unguardedReads);
            Spread.put(node, "readP99AddedMicros", g.readP99Added() * 1000);
            node.put("creates", g.creates);
            node.put("connections", g.connections);
            Spread.put(node, "guardedCreatesPerSecond", g.guardedCreatesPerSecond);
            Spread.put(node, "unguardedCreatesPerSecond", g.unguardedCreatesPerSecond);
            Spread.put(node, "createThroughputRatio", g.createThroughputRatio());
            putLatencies(node.putObject("guardedCreateMicros"), g.guardedCreates);
            putLatencies(node.putObject("unguardedCreateMicros"), g.unguardedCreates);
            node.put("failedRequests", g.failures);
            node.put("auditEntries", g.auditEntries);
            node.put("auditChainValid", g.auditChainValid);
            ObjectNode components = node.putObject("componentNanos");
            g.componentNanos.forEach((name, nanos) -> Spread.put(components, name, nanos));
        }
        ArrayNode stageNodes = root.putArray("stages");
        for (StageCosts c : stages) {
            ObjectNode node = stageNodes.addObject();
            node.put("system", c.system);
            Spread.put(node, "windowSeconds", c.windowSeconds);
            Spread.put(node, "messages", c.messages);
            Spread.put(node, "messagesPerSecond", c.messagesPerSecond);
            ObjectNode rows = node.putObject("cpuMicrosPerMail");
            c.microsPerMail.forEach((stage, micros) -> Spread.put(rows, stage, micros));
            Spread.put(node, "totalCpuMicrosPerMail", c.totalMicros());
            Spread.put(node, "messagesPerSecondWithJfr", c.profiledMessagesPerSecond);
            Spread.put(node, "cpuMicrosPerMailWithJfr", c.profiledCpuMicrosPerMail);
            node.put("samples", c.samples);
            node.put("truncatedWithoutStageFrame", c.truncatedSamples);
            ObjectNode counts = node.putObject("samplesPerStage");
            c.sampleCounts.forEach(counts::put);
        }
        scan.writeTo(root);
        submission.writeTo(root);
        cluster.writeTo(root);
        ArrayNode targetNodes = root.putArray("targets");
        for (Target t : targets()) {
            ObjectNode node = targetNodes.addObject();
            node.put("target", t.name);
            node.put("measured", t.measured);
            node.put("verdict", t.verdict());
            if (!t.heldBackBy.isEmpty()) {
                node.put("heldBackBy", t.heldBackBy);
            }
        }
        summary().forEach(root.putArray("summary")::add);
        notes.forEach(root.putArray("notes")::add);
        return root;
    }

    /** In microseconds: two decimals of a millisecond would hide what the guard's target is about. */
    private static void putLatencies(ObjectNode node, double[] millis) {
        Spread.put(node, "p50", millis[0] * 1000);
        Spread.put(node, "p99", millis[1] * 1000);
        Spread.put(node, "p999", millis[2] * 1000);
        Spread.put(node, "mean", millis[3] * 1000);
    }

    private static String guardRow(String server, double[] reads, double createsPerSecond, double[] creates) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.0f | %.3f | %.3f |%n", server, reads[0], reads[1], reads[2],
            reads[3], createsPerSecond, creates[0], creates[1]);
    }

    private String toMarkdown() {
        StringBuilder md = new StringBuilder("# smtpy benchmark, " + settings.getOrDefault("date", "") + "\n\n");
        settings.forEach((name, value) -> md.append("- ").append(name).append(": `").append(value).append("`\n"));
        md.append("\nEach cell: median of the runs (lowest–highest).\n");

        md.append("\n## End-to-end throughput (10 connections, sustained)\n\n");
        md.append("| system | dest. | size | msg/s | copies/s | accepted/s | CPU s / 1000 msg | p99 under load (ms) | other load (cores) | failed | lost |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Throughput t : throughputs) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %d | %d |%n", t.system, t.destinations,
                TestMessage.label(t.size), t.messagesPerSecond.format(0), t.copiesPerSecond.format(0), t.acceptedPerSecond.format(0),
                t.cpuSecondsPer1000.format(2), t.loadedP99Millis.format(0), t.backgroundCores.format(2), t.failures, t.lostCopies));
        }
        md.append("\n## Latency, end of DATA to arrival at the sink (1 destination)\n\n");
        md.append("| system | size | rate (msg/s) | p50 (ms) | p95 (ms) | p99 (ms) | samples | failed |\n|---|---|---|---|---|---|---|---|\n");
        for (Latency l : latencies) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %d | %d |%n", l.system, TestMessage.label(l.size), l.rate,
                l.p50.format(1), l.p95.format(1), l.p99.format(1), l.samples, l.failures));
        }
        md.append("\n## Memory of the forwarder\n\n| system | idle RSS (MB) | peak RSS (MB) | RSS at the end (MB) | how |\n|---|---|---|---|---|\n");
        for (Memory m : memories) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", m.system, m.idleKb / MB, m.peakKb / MB, m.endKb / MB, m.how));
        }
        md.append("\n## Recipient resolution (JMH, `AliasResolver` over the memory repositories)\n\n");
        md.append("| kind | aliases | ns / resolution (median of iterations) | iterations |\n|---|---|---|---|\n");
        for (Resolution r : resolutions) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f–%.0f |%n", r.kind, r.aliases, r.nanosPerOperation, r.lowest,
                r.highest));
        }
        if (!ownerDecisions.isEmpty()) {
            md.append("\n## Owners' rules and lists on the mail path (JMH, `OwnerDecisions.afterData`, memory stores)\n\n")
                .append(ownerDecisionsHow).append(".\n\n");
            md.append("| case | what | mean (µs) | p50 (µs) | p99 (µs) | p99.9 (µs) | calls | iteration means (µs) |\n|---|---|---|---|---|---|---|---|\n");
            for (OwnerDecision d : ownerDecisions) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %,d | %.2f (%.2f–%.2f) |%n", d.scenario,
                    OWNER_DECISION_CASES.getOrDefault(d.scenario, ""), d.mean, d.p50, d.p99, d.p999, d.samples, d.medianIteration,
                    d.lowestIteration, d.highestIteration));
            }
        }
        md.append("\n## Bulk import (REST task, embedded SQLite store)\n\n");
        md.append("| aliases | total (s) | task (s) | peak heap (MB) | heap after GC (MB) | peak RSS (MB) | status |\n|---|---|---|---|---|---|---|\n");
        for (Import i : imports) {
            md.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.0f | %.0f | %.0f | %s |%n", i.aliases, i.seconds, i.taskSeconds,
                i.peakHeapMb, i.heapAfterMb, i.peakRssMb, i.status));
        }
        for (Guard g : guards) {
            md.append("\n## The WebAdmin guard (in process, memory stores)\n\n").append(g.how).append("\n\n");
            md.append("| server | read p50 (ms) | read p99 (ms) | read p99.9 (ms) | read mean (ms) | creates/s | create p50 (ms) | create p99 (ms) |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            md.append(guardRow("guarded (`/smtpy`, API key)", g.guardedReads, g.guardedCreatesPerSecond, g.guardedCreates));
            md.append(guardRow("unguarded (`/bench`)", g.unguardedReads, g.unguardedCreatesPerSecond, g.unguardedCreates));
            md.append(String.format(Locale.ROOT, "%nGuard adds %+.3f ms to a read's p99 and %+.3f ms to its p50; alias creates at %.2fx "
                    + "the unguarded rate (%d reads and %d creates per server, %d connections for creates; %d failed requests; "
                    + "%d audit entries, chain %s).%n", g.readP99Added(), g.guardedReads[0] - g.unguardedReads[0], g.createThroughputRatio(),
                g.reads, g.creates, g.connections, g.failures, g.auditEntries, g.auditChainValid ? "valid" : "BROKEN"));
            md.append("\nThe guard's public parts in a tight loop: ");
            md.append(g.componentNanos.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f ns", e.getKey(), e.getValue()))
                .collect(Collectors.joining("; "))).append(".\n");
        }
        if (!stages.isEmpty()) {
            md.append("\n## CPU per mail by stage (µs, 2 KB, 1 destination)\n\n");
            md.append("Rules: bench/README.md, \"CPU per stage\". Amounts from a throughput window without profiler (/proc per thread); "
                + "the mail threads' CPU (user and kernel) divided among the stages in the proportions of async-profiler's CPU-time samples in the same load's "
                + "next window.\n\n");
            md.append("| stage |");
            stages.forEach(c -> md.append(' ').append(c.system).append(" |"));
            md.append('\n').append("|---|").append("---|".repeat(stages.size())).append('\n');
            List<String> rows = new ArrayList<>();
            stages.forEach(c -> c.microsPerMail.keySet().stream().filter(row -> !rows.contains(row)).forEach(rows::add));
            for (String row : rows) {
                md.append("| ").append(row).append(" |");
                stages.forEach(c -> md.append(String.format(Locale.ROOT, " %.0f |", c.microsPerMail.getOrDefault(row, 0.0))));
                md.append('\n');
            }
            md.append("| **total CPU per mail** |");
            stages.forEach(c -> md.append(String.format(Locale.ROOT, " **%.0f** |", c.totalMicros())));
            md.append("\n| msg/s in that window |");
            stages.forEach(c -> md.append(String.format(Locale.ROOT, " %.0f |", c.messagesPerSecond)));
            md.append("\n| with the profiler, the window after: msg/s, CPU µs per mail (not used for amounts) |");
            stages.forEach(c -> md.append(String.format(Locale.ROOT, " %.0f, %.0f |", c.profiledMessagesPerSecond, c.profiledCpuMicrosPerMail)));
            md.append("\n| mails / samples of mail threads / of them truncated without a stage frame |");
            stages.forEach(c -> md.append(String.format(Locale.ROOT, " %.0f / %d / %d |", c.messages, c.samples, c.truncatedSamples)));
            md.append('\n');
        }
        md.append(scan.markdown());
        md.append(submission.markdown());
        md.append(cluster.markdown());
        md.append("\n## Targets\n\n| target | measured | verdict | held back by |\n|---|---|---|---|\n");
        for (Target t : targets()) {
            md.append("| ").append(t.name).append(" | ").append(t.measured).append(" | ").append(t.verdict()).append(" | ")
                .append(t.heldBackBy).append(" |\n");
        }
        md.append("\n## Summary\n\n");
        summary().forEach(line -> md.append("    ").append(line).append('\n'));
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }
}
