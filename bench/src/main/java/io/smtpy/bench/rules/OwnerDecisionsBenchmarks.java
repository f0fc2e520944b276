package io.smtpy.bench.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link OwnerDecisionsBenchmark} through JMH's API, in forked JVMs (sample-time mode: every call timed), and
 * hands back one score per case.
 */
public final class OwnerDecisionsBenchmarks {
    /** Small: the lists and rules of one domain; the parallel collector, as the resolution benchmark's forks. */
    private static final String[] FORK_JVM_OPTIONS = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"};

    /** One case: JMH's mean and percentiles over all sampled calls, and the median and range of the iterations' means (µs). */
    public static final class Score {
        public final String scenario;
        public final double mean;
        public final double p50;
        public final double p99;
        public final double p999;
        public final long samples;
        public final double medianIteration;
        public final double lowestIteration;
        public final double highestIteration;

        Score(String scenario, Statistics all, List<Double> iterations) {
            this.scenario = scenario;
            this.mean = all.getMean();
            this.p50 = all.getPercentile(50);
            this.p99 = all.getPercentile(99);
            this.p999 = all.getPercentile(99.9);
            this.samples = all.getN();
            List<Double> sorted = new ArrayList<>(iterations);
            Collections.sort(sorted);
            int n = sorted.size();
            this.medianIteration = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            this.lowestIteration = sorted.get(0);
            this.highestIteration = sorted.get(n - 1);
        }
    }

    private OwnerDecisionsBenchmarks() {
    }

    /** The cases measured, in order ({@link OwnerDecisionsBenchmark#CASES}). */
    public static List<String> cases() {
        return Arrays.asList(OwnerDecisionsBenchmark.CASES);
    }

    /** The size of the benchmark's message in bytes. */
    public static int messageBytes() {
        return OwnerDecisionsBenchmark.Messages.newsletter().length;
    }

    /**
     * @param output where JMH writes its own report
     */
    public static List<Score> run(List<String> scenarios, int forks, int warmUpIterations, Duration warmUp, int iterations,
                                  Duration iteration, Path output) throws RunnerException {
        Options options = new OptionsBuilder()
            .include(OwnerDecisionsBenchmark.class.getName() + "\\.")
            .param("scenario", scenarios.toArray(new String[0]))
            .forks(forks)
            .warmupIterations(warmUpIterations)
            .warmupTime(TimeValue.milliseconds(warmUp.toMillis()))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.milliseconds(iteration.toMillis()))
            .jvmArgsAppend(FORK_JVM_OPTIONS)
            .shouldFailOnError(true)
            .output(output.toString())
            .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Score> scores = new ArrayList<>();
        for (String scenario : scenarios) {
            for (RunResult result : results) {
                if (!result.getParams().getParam("scenario").equals(scenario)) {
                    continue;
                }
                List<Double> means = new ArrayList<>();
                for (BenchmarkResult fork : result.getBenchmarkResults()) {
                    for (IterationResult measurement : fork.getIterationResults()) {
                        means.add(measurement.getPrimaryResult().getScore());
                    }
                }
                scores.add(new Score(scenario, result.getPrimaryResult().getStatistics(), means));
            }
        }
        return scores;
    }
}
