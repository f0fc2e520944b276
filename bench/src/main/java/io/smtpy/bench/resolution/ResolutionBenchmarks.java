package io.smtpy.bench.resolution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link AliasResolutionBenchmark} through JMH's API, in forked JVMs, and hands back one score per point. */
public final class ResolutionBenchmarks {
    /**
     * Enough for a million aliases in the index and in the memory repository beside it; the parallel collector, whose
     * young collections do not grow with a large old generation the way G1's remembered-set scans can.
     */
    private static final String[] FORK_JVM_OPTIONS = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"};

    /**
     * One measured point: kind (exact, regex, catchAll), number of aliases, and the median, lowest and highest of the
     * measurement iterations' mean ns per resolution. The median, not JMH's mean: on a 2-core machine shared with
     * other work one disturbed iteration would otherwise move the result, and with a handful of iterations JMH's
     * 99.9% interval is wider than the value itself.
     */
    public static final class Score {
        public final String kind;
        public final int aliases;
        public final double nanos;
        public final double lowest;
        public final double highest;

        Score(String kind, int aliases, List<Double> iterations) {
            List<Double> sorted = new ArrayList<>(iterations);
            Collections.sort(sorted);
            int n = sorted.size();
            this.kind = kind;
            this.aliases = aliases;
            this.nanos = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            this.lowest = sorted.get(0);
            this.highest = sorted.get(n - 1);
        }
    }

    private ResolutionBenchmarks() {
    }

    /**
     * @param output where JMH writes its own report (it is long)
     */
    public static List<Score> run(List<Integer> aliasCounts, int forks, int warmUpIterations, int iterations, Duration iteration,
                                  Path output) throws RunnerException {
        Options options = new OptionsBuilder()
            .include(AliasResolutionBenchmark.class.getName() + "\\.")
            .param("aliases", aliasCounts.stream().map(String::valueOf).collect(Collectors.toList()).toArray(new String[0]))
            .forks(forks)
            .warmupIterations(warmUpIterations)
            .warmupTime(TimeValue.milliseconds(iteration.toMillis()))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.milliseconds(iteration.toMillis()))
            .jvmArgsAppend(FORK_JVM_OPTIONS)
            .shouldFailOnError(true)
            .output(output.toString())
            .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            List<Double> measured = new ArrayList<>();
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                for (IterationResult measurement : fork.getIterationResults()) {
                    measured.add(measurement.getPrimaryResult().getScore());
                }
            }
            scores.add(new Score(benchmark.substring(benchmark.lastIndexOf('.') + 1),
                Integer.parseInt(result.getParams().getParam("aliases")), measured));
        }
        return scores;
    }
}
