package io.smtpy.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.smtpy.bench.forwarders.Forwarder;
import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.forwarders.SmtpyForwarder;
import io.smtpy.bench.profile.StageProfiler;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.report.Spread;
import io.smtpy.bench.smtp.CpuClocks;
import io.smtpy.bench.smtp.LoadGenerator;
import io.smtpy.bench.smtp.LoadResult;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;

/**
 * The same load against one forwarder: start it (aliases with 1 and 3 destinations), measure idle memory, warm it
 * up, then sustained throughput per size and destination count, then latency at a fixed rate; repeated runs of
 * each point, the median and spread reported.
 */
final class EndToEndBenchmark {
    private static final Duration MEMORY_SAMPLING = Duration.ofMillis(250);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROFILER_SETTLE = Duration.ofSeconds(3);

    private final Plan plan;
    private final TimestampingSink sink;
    private final Report report;
    private final long ticksPerSecond;

    EndToEndBenchmark(Plan plan, TimestampingSink sink, Report report, long ticksPerSecond) {
        this.plan = plan;
        this.sink = sink;
        this.report = report;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The harness alone: generator straight into the sink, to show what the machine allows without a forwarder. */
    void baseline() throws InterruptedException {
        LoadGenerator load = new LoadGenerator(sink.port(), plan.connections, sink);
        for (int size : List.of(2 * Plan.KB, 50 * Plan.KB)) {
            LoadResult result = load.saturate(Forwarder.destination(1), 1, TestMessage.ofSize(size), plan.ramp, plan.baselineWindow,
                Plan.maxCopiesInFlight(size), clocks(() -> 0));
            Bench.log(String.format(Locale.ROOT, "  no forwarder, %s: %.0f msg/s, other load %.2f cores", TestMessage.label(size),
                result.messagesPerSecond(), result.backgroundCores(ticksPerSecond)));
            report.add(new Report.Throughput("none (harness only)", 1, size, Spread.of(List.of(result.messagesPerSecond())),
                Spread.of(List.of(result.copiesPerSecond())), Spread.of(List.of(result.acceptedPerSecond())), Spread.of(List.of()),
                Spread.of(List.of(result.latencyMillis(99))), Spread.of(List.of(result.backgroundCores(ticksPerSecond))),
                result.failed(), result.lostCopies()));
        }
    }

    void run(Forwarder forwarder, boolean jvm, String memoryHow) throws Exception {
        ScheduledExecutorService memorySampler = Executors.newSingleThreadScheduledExecutor();
        try {
            forwarder.start(sink.port());
            Thread.sleep(plan.idleSettle.toMillis());
            long idleKb = forwarder.residentKb();
            Bench.log(String.format(Locale.ROOT, "  %s started, idle RSS %.0f MB", forwarder.name(), idleKb / 1024.0));
            LoadGenerator load = new LoadGenerator(forwarder.smtpPort(), plan.connections, sink);
            checkOneMail(forwarder, load);
            // Postfix's peak is the highest sum seen; a JVM's is its own high-water mark, sampling does no harm.
            memorySampler.scheduleAtFixedRate(forwarder::residentKb, 0, MEMORY_SAMPLING.toMillis(), TimeUnit.MILLISECONDS);

            warmUp(forwarder, load, jvm ? plan.warmUpJvm : plan.warmUpNative);
            if (jvm) {
                settle(forwarder, load);
            }
            for (int size : plan.sizes) {
                throughput(forwarder, load, Forwarder.ONE, size);
            }
            for (int size : plan.fanOutSizes) {
                throughput(forwarder, load, Forwarder.THREE, size);
            }
            for (int size : plan.latencySizes) {
                latency(forwarder, load, size);
            }
            memorySampler.shutdown();
            memorySampler.awaitTermination(5, TimeUnit.SECONDS);
            // Before the profile: the profiler's buffers are not the forwarder's memory.
            report.add(new Report.Memory(forwarder.name(), idleKb, forwarder.peakResidentKb(), forwarder.residentKb(), memoryHow));
            if (forwarder instanceof SmtpyForwarder) {
                stages((SmtpyForwarder) forwarder, load);
            }
        } finally {
            memorySampler.shutdownNow();
            forwarder.close();
        }
    }

    /**
     * Two forwarders measured in alternate windows rather than one after the other ({@code --interleave}): both are
     * started, checked, warmed up and settled; then each throughput point is measured {@link Plan#repeats} times as
     * pairs of windows, the first of the pair alternating (A B, B A, A B...), so that the machine's drift over the
     * minutes of a run (a virtual machine's speed moved by more than 10 % between runs ten minutes apart) falls on both
     * alike. Each pair's ratio (A / B, messages per second) is logged and its geometric mean noted in the results.
     * Memory is not reported (two JVMs share the machine's); the stage tables are, one forwarder after the other.
     */
    void runInterleaved(Forwarder first, Forwarder second) throws Exception {
        List<Forwarder> both = List.of(first, second);
        try {
            for (Forwarder forwarder : both) {
                forwarder.start(sink.port());
            }
            Thread.sleep(plan.idleSettle.toMillis());
            List<LoadGenerator> loads = new ArrayList<>();
            for (Forwarder forwarder : both) {
                LoadGenerator load = new LoadGenerator(forwarder.smtpPort(), plan.connections, sink);
                loads.add(load);
                checkOneMail(forwarder, load);
            }
            for (int i = 0; i < both.size(); i++) {
                warmUp(both.get(i), loads.get(i), plan.warmUpJvm);
                settle(both.get(i), loads.get(i));
            }
            for (int size : plan.sizes) {
                interleavedThroughput(both, loads, Forwarder.ONE, size);
            }
            for (int size : plan.fanOutSizes) {
                interleavedThroughput(both, loads, Forwarder.THREE, size);
            }
            for (int i = 0; i < both.size(); i++) {
                for (int size : plan.latencySizes) {
                    latency(both.get(i), loads.get(i), size);
                }
            }
            for (int i = 0; i < both.size(); i++) {
                if (both.get(i) instanceof SmtpyForwarder) {
                    stages((SmtpyForwarder) both.get(i), loads.get(i));
                }
            }
        } finally {
            for (Forwarder forwarder : both) {
                forwarder.close();
            }
        }
    }

    private void interleavedThroughput(List<Forwarder> both, List<LoadGenerator> loads, int destinations, int size)
            throws InterruptedException {
        List<List<LoadResult>> runs = List.of(new ArrayList<>(), new ArrayList<>());
        List<Double> ratios = new ArrayList<>();
        for (int run = 0; run < plan.repeats; run++) {
            int leader = run % 2;
            for (int turn = 0; turn < 2; turn++) {
                int which = (leader + turn) % 2;
                runs.get(which).add(throughputWindow(both.get(which), loads.get(which), destinations, size, run));
            }
            ratios.add(runs.get(0).get(run).messagesPerSecond() / runs.get(1).get(run).messagesPerSecond());
        }
        for (int i = 0; i < both.size(); i++) {
            reportThroughput(both.get(i), destinations, size, runs.get(i));
        }
        double logSum = 0;
        StringBuilder each = new StringBuilder();
        for (double ratio : ratios) {
            logSum += Math.log(ratio);
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", ratio));
        }
        String note = String.format(Locale.ROOT, "interleaved, %d dest %s: %s / %s msg/s, geometric mean of %d pairs %.3f (pairs: %s)",
            destinations, TestMessage.label(size), both.get(0).name(), both.get(1).name(), ratios.size(),
            Math.exp(logSum / ratios.size()), each);
        Bench.log("  " + note);
        report.note(note);
    }

    /**
     * One mail through the forwarder before any measure: it must arrive, and as the forwarder is meant to send it;
     * returns what the copy carried (also a setting of the results).
     */
    String checkOneMail(Forwarder forwarder, LoadGenerator load) throws Exception {
        CompletableFuture<TimestampingSink.Delivery> delivery = sink.captureNext();
        LoadResult result = load.fixedRate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(2 * Plan.KB), 1, Duration.ofSeconds(1));
        try {
            if (result.failed() > 0) {
                throw new TimeoutException("refused");
            }
            String seen = forwarder.checkDelivery(delivery.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Bench.log("  " + forwarder.name() + " check mail: " + seen);
            report.setting(forwarder.name() + ": check mail at the sink", seen);
            return seen;
        } catch (TimeoutException e) {
            throw new IOException(forwarder.name() + ": the check mail did not arrive at the sink" + problems(result), e);
        }
    }

    private void warmUp(Forwarder forwarder, LoadGenerator load, Duration first) throws InterruptedException {
        long started = System.nanoTime();
        load.saturate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(plan.sizes.get(0)), Duration.ZERO, first,
            Plan.maxCopiesInFlight(plan.sizes.get(0)), clocks(forwarder::cpuTicks));
        for (int size : plan.sizes.subList(1, plan.sizes.size())) {
            load.saturate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(size), Duration.ZERO, plan.warmUpPerSize,
                Plan.maxCopiesInFlight(size), clocks(forwarder::cpuTicks));
        }
        load.saturate(forwarder.alias(Forwarder.THREE), Forwarder.THREE, TestMessage.ofSize(plan.sizes.get(0)), Duration.ZERO,
            plan.warmUpPerSize, Plan.maxCopiesInFlight(plan.sizes.get(0)), clocks(forwarder::cpuTicks));
        Bench.log(String.format(Locale.ROOT, "  %s warmed up in %.0f s", forwarder.name(), (System.nanoTime() - started) / 1e9));
    }

    /**
     * More 2 KB load, in windows, until the CPU per mail of two windows in a row is within {@link Plan#settledWithin} of
     * the one before each (the JIT done with the hot paths), at most {@link Plan#settleAtMost}. On 2 cores a JVM forwarder kept compiling for
     * minutes under this load: smtpy-plain's CPU per mail fell from 7.3 ms after a 60 s warm-up to 3.6 ms a few minutes
     * later (2026-12-04). Every JVM forwarder, James included, gets the same rule; the windows are logged and the time
     * taken is a setting of the results.
     */
    void settle(Forwarder forwarder, LoadGenerator load) throws InterruptedException {
        TestMessage message = TestMessage.ofSize(2 * Plan.KB);
        settle(forwarder.name(), plan.settleAtMost, (ramp, window) -> load.saturate(forwarder.alias(Forwarder.ONE), 1, message, ramp, window,
            Plan.maxCopiesInFlight(2 * Plan.KB), clocks(forwarder::cpuTicks)));
    }

    /** One window of some load on a system: its ramp and its length, the clocks the load reads. */
    @FunctionalInterface
    interface Window {
        LoadResult run(Duration ramp, Duration window) throws InterruptedException;
    }

    /** One window of some load whose CPU clocks the caller gives (the stage table reads more clocks than the load's own). */
    @FunctionalInterface
    interface ClockedWindow {
        LoadResult run(Duration ramp, Duration window, CpuClocks clocks) throws InterruptedException;
    }

    /** {@link #settle(Forwarder, LoadGenerator)} with any load: windows of it until the CPU per mail settles, at most {@code atMost}. */
    void settle(String system, Duration atMost, Window load) throws InterruptedException {
        long started = System.nanoTime();
        double previous = Double.NaN;
        int steady = 0;
        String outcome = "not settled within " + atMost.toSeconds() + " s";
        while (System.nanoTime() - started < atMost.toNanos()) {
            LoadResult window = load.run(plan.ramp, plan.settleWindow);
            double cpu = window.cpuSecondsPer1000Messages(ticksPerSecond);
            Bench.log(String.format(Locale.ROOT, "  %s settling: %.0f msg/s, CPU %.2f s/1000", system,
                window.messagesPerSecond(), cpu));
            steady = !Double.isNaN(previous) && Math.abs(cpu - previous) <= previous * plan.settledWithin ? steady + 1 : 0;
            if (steady == 2) {
                outcome = String.format(Locale.ROOT, "settled after %.0f s more (CPU per mail %.2f ms, two windows in a row within %.0f%% of the one before)",
                    (System.nanoTime() - started) / 1e9, cpu, plan.settledWithin * 100);
                break;
            }
            previous = cpu;
        }
        Bench.log("  " + system + " " + outcome);
        report.setting(system + ": warm-up", outcome);
    }

    private void throughput(Forwarder forwarder, LoadGenerator load, int destinations, int size) throws InterruptedException {
        List<LoadResult> runs = new ArrayList<>();
        for (int i = 0; i < plan.repeats; i++) {
            runs.add(throughputWindow(forwarder, load, destinations, size, i));
        }
        reportThroughput(forwarder, destinations, size, runs);
    }

    private LoadResult throughputWindow(Forwarder forwarder, LoadGenerator load, int destinations, int size, int run)
            throws InterruptedException {
        LoadResult result = load.saturate(forwarder.alias(destinations), destinations, TestMessage.ofSize(size), plan.ramp, plan.window,
            Plan.maxCopiesInFlight(size), clocks(forwarder::cpuTicks));
        Bench.log(String.format(Locale.ROOT, "  %s %d dest %s run %d: %.0f msg/s (%.0f copies/s, accepted %.0f/s), CPU %.2f s/1000 (%.1f cores), p99 under load %.0f ms, other load %.2f cores%s",
            forwarder.name(), destinations, TestMessage.label(size), run + 1, result.messagesPerSecond(), result.copiesPerSecond(),
            result.acceptedPerSecond(), result.cpuSecondsPer1000Messages(ticksPerSecond), result.forwarderCores(ticksPerSecond),
            result.latencyMillis(99), result.backgroundCores(ticksPerSecond), problems(result)));
        return result;
    }

    private void reportThroughput(Forwarder forwarder, int destinations, int size, List<LoadResult> runs) {
        report.add(new Report.Throughput(forwarder.name(), destinations, size, spread(runs, LoadResult::messagesPerSecond),
            spread(runs, LoadResult::copiesPerSecond), spread(runs, LoadResult::acceptedPerSecond),
            spread(runs, r -> r.cpuSecondsPer1000Messages(ticksPerSecond)), spread(runs, r -> r.latencyMillis(99)),
            spread(runs, r -> r.backgroundCores(ticksPerSecond)), runs.stream().mapToInt(LoadResult::failed).sum(), runs.stream().mapToInt(LoadResult::lostCopies).sum()));
    }

    private void latency(Forwarder forwarder, LoadGenerator load, int size) throws InterruptedException {
        TestMessage message = TestMessage.ofSize(size);
        List<LoadResult> runs = new ArrayList<>();
        for (int i = 0; i < plan.repeats; i++) {
            LoadResult result = load.fixedRate(forwarder.alias(Forwarder.ONE), 1, message, plan.latencyRate, plan.latencyDuration);
            runs.add(result);
            Bench.log(String.format(Locale.ROOT, "  %s latency %s at %.0f msg/s run %d: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (%d samples)%s",
                forwarder.name(), TestMessage.label(size), plan.latencyRate, i + 1, result.latencyMillis(50), result.latencyMillis(95),
                result.latencyMillis(99), result.samples(), problems(result)));
        }
        report.add(new Report.Latency(forwarder.name(), size, plan.latencyRate, spread(runs, r -> r.latencyMillis(50)),
            spread(runs, r -> r.latencyMillis(95)), spread(runs, r -> r.latencyMillis(99)),
            runs.stream().mapToInt(LoadResult::samples).sum(), runs.stream().mapToInt(LoadResult::failed).sum()));
    }

    /**
     * CPU per mail by stage, from two more 2 KB throughput windows after the measured ones, each twice as long as theirs:
     * the first without profiler gives the amounts, the second with async-profiler the proportions (see StageProfiler). It starts
     * {@link #PROFILER_SETTLE} before its window, under the same load: its first recording in a JVM loads and compiles
     * its own classes. A failure is a note in the results, not the end of the system's run.
     */
    private void stages(SmtpyForwarder forwarder, LoadGenerator load) throws InterruptedException {
        int size = 2 * Plan.KB;
        stages(forwarder.name(), forwarder, (ramp, window, clocks) -> load.saturate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(size),
            ramp, window, Plan.maxCopiesInFlight(size), clocks));
    }

    /** {@link #stages(SmtpyForwarder, LoadGenerator)} with any load, reported under {@code system}. */
    void stages(String system, SmtpyForwarder forwarder, ClockedWindow load) throws InterruptedException {
        Duration window = plan.window.multipliedBy(2);
        try {
            StageProfiler profiler = StageProfiler.of(forwarder.pid(), forwarder.runDirectory().resolve("profile"));
            LoadResult reference = load.run(plan.ramp, window, profiler.referenceClocks(clocks(forwarder::cpuTicks)));
            profiler.startRecording();
            LoadResult profiled;
            try {
                profiled = load.run(plan.ramp.plus(PROFILER_SETTLE), window, profiler.profiledClocks(clocks(forwarder::cpuTicks)));
            } finally {
                profiler.stopRecording();
            }
            double messages = reference.messagesPerSecond() * window.toMillis() / 1000.0;
            Report.StageCosts costs = profiler.costs(system, messages, reference.messagesPerSecond(), ticksPerSecond)
                .withProfiledWindow(profiled.messagesPerSecond(), profiled.cpuSecondsPer1000Messages(ticksPerSecond) * 1000);
            report.add(costs);
            Bench.log(String.format(Locale.ROOT, "  %s stages (2 KB): %.0f msg/s, CPU %.2f s/1000; with the profiler in the window after: %.0f msg/s, "
                    + "CPU %.2f s/1000%s", system, reference.messagesPerSecond(),
                reference.cpuSecondsPer1000Messages(ticksPerSecond), profiled.messagesPerSecond(),
                profiled.cpuSecondsPer1000Messages(ticksPerSecond), problems(reference) + problems(profiled)));
            Bench.log("  " + String.join("\n  ", costs.lines()));
        } catch (IOException | RuntimeException e) {
            Bench.log("  " + system + ": no stage table: " + e);
            report.note(system + ": no stage table: " + e);
        }
    }

    /** The forwarder's CPU clock, this JVM's, and the machine's; then the further clocks, if any. */
    static CpuClocks clocks(LongSupplier forwarderTicks, LongSupplier... further) {
        long harness = ProcessHandle.current().pid();
        return () -> {
            long[] ticks = new long[CpuClocks.FURTHER + further.length];
            ticks[CpuClocks.FORWARDER] = forwarderTicks.getAsLong();
            ticks[CpuClocks.HARNESS] = ProcessStats.cpuTicks(harness);
            ticks[CpuClocks.MACHINE] = ProcessStats.machineBusyTicks();
            for (int i = 0; i < further.length; i++) {
                ticks[CpuClocks.FURTHER + i] = further[i].getAsLong();
            }
            return ticks;
        };
    }

    private static Spread spread(List<LoadResult> runs, Function<LoadResult, Double> value) {
        List<Double> values = new ArrayList<>();
        runs.forEach(run -> values.add(value.apply(run)));
        return Spread.of(values);
    }

    static String problems(LoadResult result) {
        StringBuilder text = new StringBuilder();
        if (result.failed() > 0) {
            text.append(", ").append(result.failed()).append(" failed (first: ").append(result.firstFailure()).append(')');
        }
        if (result.lostCopies() > 0) {
            text.append(", ").append(result.lostCopies()).append(" copies not delivered within the drain timeout");
        }
        if (result.strays() > 0) {
            text.append(", ").append(result.strays()).append(" late copies of earlier runs");
        }
        return text.toString();
    }
}
