package io.smtpy.bench.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.profile.StageRules.Stage;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.smtp.CpuClocks;

/**
 * CPU per mail by stage of one JVM forwarder, from two windows of the same load one after the other. The first runs
 * without any profiler: {@code /proc/<pid>/task} gives each thread's CPU over it, so the mail threads' user and system
 * time, the JVM's own threads (GC, JIT) and the CPU per mail are real. The second runs with JFR ({@code jcmd <pid>
 * JFR.start} with {@code stages.jfc}: only {@code jdk.ExecutionSample}, every 2 ms): its samples only say how the mail
 * threads' user CPU divides among the stages ({@link StageRules}). JFR, even recording nothing, costs smtpy a lot of
 * CPU per mail (measured on 2026-12-04: from 30% more to several times as much, varying from run to run), so its
 * window gives proportions, never amounts.
 *
 * <p>Use: {@link #of}, run the first window with {@link #referenceClocks}, {@link #startRecording}, the second with
 * {@link #profiledClocks}, {@link #stopRecording}, then {@link #costs}.
 */
public final class StageProfiler {
    private static final String RECORDING = "bench-stages";
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

    private final long pid;
    private final Path directory;
    private final Window reference = new Window();
    private final Window profiled = new Window();
    private Path recording;

    private StageProfiler(long pid, Path directory) {
        this.pid = pid;
        this.directory = directory;
    }

    /** A profiler of the JVM {@code pid}, its files in {@code directory}. */
    public static StageProfiler of(long pid, Path directory) throws IOException {
        return new StageProfiler(pid, Files.createDirectories(directory));
    }

    /** The load's clocks for the window without profiler, also reading every thread's CPU at both ends. */
    public CpuClocks referenceClocks(CpuClocks load) {
        return reference.clocks(load, pid);
    }

    /** The load's clocks for the window with JFR, also reading the time at both ends (to pick its samples). */
    public CpuClocks profiledClocks(CpuClocks load) {
        return profiled.clocks(load, pid);
    }

    /** Starts a JFR recording of execution samples. */
    public void startRecording() throws IOException, InterruptedException {
        Path settings = directory.resolve("stages.jfc");
        try (InputStream in = StageProfiler.class.getResourceAsStream("/profile/stages.jfc")) {
            if (in == null) {
                throw new IOException("missing resource profile/stages.jfc");
            }
            Files.write(settings, in.readAllBytes());
        }
        jcmd("JFR.start", "name=" + RECORDING, "settings=" + settings);
    }

    /** Ends the recording and writes it to the directory. */
    public void stopRecording() throws IOException, InterruptedException {
        recording = directory.resolve("stages-" + pid + ".jfr");
        jcmd("JFR.stop", "name=" + RECORDING, "filename=" + recording);
    }

    /**
     * The stage table: amounts from the window without profiler, proportions from the profiled one.
     *
     * @param messages messages forwarded in the window without profiler
     * @param messagesPerSecond their rate
     */
    public Report.StageCosts costs(String system, double messages, double messagesPerSecond, long ticksPerSecond) throws IOException {
        if (!reference.complete() || !profiled.complete() || recording == null) {
            throw new IllegalStateException("a window's clocks were not read twice, or the recording was not stopped");
        }
        Map<Stage, Integer> samples = new EnumMap<>(Stage.class);
        int truncated = 0;
        int total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || !profiled.contains(event.getStartTime())) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || StageRules.isJvmThread(name) || StageRules.isProfilerThread(name)) {
                    continue;
                }
                total++;
                List<String> classes = stack.getFrames().stream().map(RecordedFrame::getMethod)
                    .map(method -> method.getType().getName()).collect(Collectors.toList());
                Stage stage = StageRules.stageOf(classes);
                // A stage frame may have been below the frames JFR keeps (64 by default): such a sample is not "other".
                if (stack.isTruncated() && stage == Stage.OTHER) {
                    truncated++;
                } else {
                    samples.merge(stage, 1, Integer::sum);
                }
            }
        }

        ThreadCpu cpu = ThreadCpu.between(reference.threads.get(0), reference.threads.get(1));
        long processDelta = reference.processTicks.get(1)[CpuClocks.FORWARDER] - reference.processTicks.get(0)[CpuClocks.FORWARDER];
        double microsPerTick = 1e6 / ticksPerSecond / messages;
        Map<String, Double> rows = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            double share = total == 0 ? 0 : samples.getOrDefault(stage, 0) / (double) total;
            rows.put(stage.label, cpu.mailUser * share * microsPerTick);
        }
        if (truncated > 0) {
            rows.put(Report.StageCosts.TRUNCATED, cpu.mailUser * truncated / (double) total * microsPerTick);
        }
        if (total == 0) {
            rows.put("mail threads' user CPU, no sample to divide it", cpu.mailUser * microsPerTick);
        }
        rows.put(Report.StageCosts.KERNEL, cpu.mailSystem * microsPerTick);
        rows.put(Report.StageCosts.JVM, cpu.jvm * microsPerTick);
        // Threads that ended inside the window took their CPU with them: it is in the process's total only.
        long ended = processDelta - cpu.mailUser - cpu.mailSystem - cpu.jvm - cpu.profiler;
        if (ended > 0) {
            rows.put("threads that ended during the window", ended * microsPerTick);
        }
        Map<String, Integer> sampleCounts = new LinkedHashMap<>();
        samples.forEach((stage, count) -> sampleCounts.put(stage.label, count));
        return new Report.StageCosts(system, reference.seconds(), messages, messagesPerSecond, rows, total, truncated, sampleCounts);
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(JCMD_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0
            || output.contains("Could not") || output.contains("rror")) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", line) + " failed: " + output.trim());
        }
        Files.writeString(directory.resolve("jcmd.log"), String.join(" ", line) + "\n" + output, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** What is read at both ends of one window: the time, the load's clocks and every thread's CPU. */
    private static final class Window {
        final List<Instant> readAt = new ArrayList<>();
        final List<long[]> processTicks = new ArrayList<>();
        final List<Map<Long, ProcessStats.ThreadTicks>> threads = new ArrayList<>();

        CpuClocks clocks(CpuClocks load, long pid) {
            return () -> {
                long[] read = load.read();
                synchronized (this) {
                    readAt.add(Instant.now());
                    processTicks.add(read);
                    threads.add(ProcessStats.threads(pid));
                }
                return read;
            };
        }

        synchronized boolean complete() {
            return readAt.size() >= 2;
        }

        synchronized boolean contains(Instant time) {
            return !time.isBefore(readAt.get(0)) && !time.isAfter(readAt.get(1));
        }

        synchronized double seconds() {
            return Duration.between(readAt.get(0), readAt.get(1)).toMillis() / 1000.0;
        }
    }

    /** CPU ticks of the JVM's threads over the window, by kind; a thread born inside the window counts from zero. */
    private static final class ThreadCpu {
        long mailUser;
        long mailSystem;
        long jvm;
        long profiler;

        static ThreadCpu between(Map<Long, ProcessStats.ThreadTicks> before, Map<Long, ProcessStats.ThreadTicks> after) {
            ThreadCpu cpu = new ThreadCpu();
            after.forEach((tid, now) -> {
                ProcessStats.ThreadTicks then = before.get(tid);
                long user = now.user - (then == null ? 0 : then.user);
                long system = now.system - (then == null ? 0 : then.system);
                if (StageRules.isProfilerThread(now.name)) {
                    cpu.profiler += user + system;
                } else if (StageRules.isJvmThread(now.name)) {
                    cpu.jvm += user + system;
                } else {
                    cpu.mailUser += user;
                    cpu.mailSystem += system;
                }
            });
            return cpu;
        }
    }
}
