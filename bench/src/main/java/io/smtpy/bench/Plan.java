package io.smtpy.bench;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How much of everything a run measures. The full plan fits the budget (the whole command in under ten
 * minutes on 2 cores); {@code --quick} is a smoke run of the same code paths in a minute or two.
 */
final class Plan {
    static final int KB = 1024;
    static final int MB = 1024 * 1024;

    final String name;
    /** Parallel SMTP sessions of the load generator. */
    final int connections = 10;
    /** Message sizes of the 1-destination throughput runs. */
    final List<Integer> sizes;
    /** Message sizes of the 3-destination throughput runs. */
    final List<Integer> fanOutSizes;
    /** Load before anything is measured, per system: JIT, pools and caches warm. */
    final Duration warmUpJvm;
    final Duration warmUpNative;
    /** Warm-up per size (large messages take other paths: blobs, streaming). */
    final Duration warmUpPerSize;
    /** Sending before the measured window opens, in each throughput run. */
    final Duration ramp;
    final Duration window;
    final int repeats;
    final double latencyRate = 20;
    final List<Integer> latencySizes;
    final Duration latencyDuration;
    final Duration idleSettle;
    /** Direct to the sink, no forwarder: what the harness itself can do on this machine. */
    final Duration baselineWindow;
    final List<Integer> aliasCounts;
    final int jmhForks;
    final int jmhWarmUpIterations;
    final int jmhIterations;
    final Duration jmhIteration;
    final List<Integer> importCounts;
    /**
     * After the warm-up, a JVM forwarder gets 2 KB load in windows of {@code settleWindow} until the CPU per mail of one
     * is within {@code settledWithin} of the one before, for at most {@code settleAtMost} (EndToEndBenchmark.settle).
     */
    final Duration settleWindow;
    final Duration settleAtMost;
    final double settledWithin = 0.05;
    /**
     * The owners' decisions benchmark (JMH, issue 13), per case: warm-up iterations and their length, then measured
     * iterations. On 2 shared cores the rule evaluation needs about 4 s of calls before C2 has compiled it.
     */
    final int rulesWarmUpIterations;
    final Duration rulesWarmUp;
    final int rulesIterations;
    final Duration rulesIteration;
    /**
     * The scan phase (issue 14), per system: warm-up, then {@link #repeats} windows after a ramp. Longer than the
     * end-to-end windows: Debian's spamd takes 50-300 ms of CPU per 2 KB mail on these 2 cores (its per-mail
     * copy_config included), so a system that asks it forwards a few to a few tens of mails a second; and spamd grows
     * its children (2 to 5) one at a time under load.
     */
    final Duration scanWarmUp;
    final Duration scanRamp;
    final Duration scanWindow;

    private Plan(String name, List<Integer> sizes, List<Integer> fanOutSizes, Duration warmUpJvm, Duration warmUpNative,
                 Duration warmUpPerSize, Duration ramp, Duration window, int repeats, List<Integer> latencySizes,
                 Duration latencyDuration, Duration idleSettle, Duration baselineWindow, List<Integer> aliasCounts, int jmhForks,
                 int jmhWarmUpIterations, int jmhIterations, Duration jmhIteration, List<Integer> importCounts) {
        this.name = name;
        boolean quick = name.equals("quick");
        this.settleWindow = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
        this.settleAtMost = quick ? Duration.ofSeconds(4) : Duration.ofSeconds(180);
        this.rulesWarmUpIterations = quick ? 2 : 4;
        this.rulesWarmUp = quick ? Duration.ofSeconds(1) : Duration.ofMillis(1500);
        this.rulesIterations = quick ? 2 : 5;
        this.rulesIteration = quick ? Duration.ofMillis(500) : Duration.ofSeconds(1);
        this.scanWarmUp = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20);
        this.scanRamp = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        this.scanWindow = quick ? Duration.ofSeconds(6) : Duration.ofSeconds(20);
        this.sizes = sizes;
        this.fanOutSizes = fanOutSizes;
        this.warmUpJvm = warmUpJvm;
        this.warmUpNative = warmUpNative;
        this.warmUpPerSize = warmUpPerSize;
        this.ramp = ramp;
        this.window = window;
        this.repeats = repeats;
        this.latencySizes = latencySizes;
        this.latencyDuration = latencyDuration;
        this.idleSettle = idleSettle;
        this.baselineWindow = baselineWindow;
        this.aliasCounts = aliasCounts;
        this.jmhForks = jmhForks;
        this.jmhWarmUpIterations = jmhWarmUpIterations;
        this.jmhIterations = jmhIterations;
        this.jmhIteration = jmhIteration;
        this.importCounts = importCounts;
    }

    static Plan full() {
        // 30 s, then windows until the CPU per mail settles: on 2 cores the JIT is busy for minutes under this load.
        return new Plan("full", List.of(2 * KB, 50 * KB, MB), List.of(2 * KB),
            Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofSeconds(4), 3,
            List.of(2 * KB, 50 * KB), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(3),
            List.of(1_000, 100_000, 1_000_000), 1, 2, 4, Duration.ofMillis(500),
            List.of(100_000, 1_000_000));
    }

    static Plan quick() {
        return new Plan("quick", List.of(2 * KB, 50 * KB), List.of(2 * KB),
            Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofMillis(500), Duration.ofSeconds(2), 1,
            List.of(2 * KB), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1),
            List.of(1_000, 100_000), 1, 1, 1, Duration.ofSeconds(1),
            List.of(10_000));
    }

    /** This plan with another JVM warm-up and number of runs per point (for A/B runs of a patch). */
    Plan with(Duration warmUpJvm, int repeats) {
        return new Plan(name, sizes, fanOutSizes, warmUpJvm, warmUpNative, warmUpPerSize, ramp, window, repeats, latencySizes,
            latencyDuration, idleSettle, baselineWindow, aliasCounts, jmhForks, jmhWarmUpIterations, jmhIterations, jmhIteration,
            importCounts);
    }

    /** This plan with only these message sizes (1 and 3 destinations, latency). */
    Plan onlySizes(List<Integer> only) {
        return new Plan(name, keep(sizes, only), keep(fanOutSizes, only), warmUpJvm, warmUpNative, warmUpPerSize, ramp, window,
            repeats, keep(latencySizes, only), latencyDuration, idleSettle, baselineWindow, aliasCounts, jmhForks,
            jmhWarmUpIterations, jmhIterations, jmhIteration, importCounts);
    }

    private static List<Integer> keep(List<Integer> sizes, List<Integer> only) {
        return sizes.stream().filter(only::contains).collect(Collectors.toList());
    }

    /**
     * Copies accepted but not yet delivered at most during a throughput run: about 8 MB of mail, at least 80 and
     * at most 200. That is well above the SMTP sessions, spool threads and delivery threads of a forwarder together,
     * so the bound does not starve one; and small enough that a forwarder which accepts faster than it delivers
     * drains its backlog in seconds after each run (a backlog left behind would delay the next run's mail).
     */
    static int maxCopiesInFlight(int size) {
        return Math.max(80, Math.min(200, 8 * MB / size));
    }
}
