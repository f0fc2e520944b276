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


import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.profile.StageRules.Stage;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.smtp.CpuClocks;

/**
 * CPU per mail by stage of one JVM forwarder, from two windows of the same load one after the other. The first runs
 * without any profiler: {@code /proc/<pid>/task} gives each thread's CPU over it, so the mail threads' user and system
 * time, the JVM's own threads (GC, JIT) and the CPU per mail are real. The second runs with async-profiler (from Maven
 * Central, its library loaded with {@code jcmd <pid> JVMTI.agent_load}; CPU-time samples every millisecond by
 * {@code itimer}, which needs no perf events, kernel time and native code such as SQLite and fsync included): its
 * samples say how the mail threads' CPU divides among the stages ({@link StageRules}). JFR was tried first and dropped:
 * starting a recording, even of nothing, cost smtpy 30% to several times its CPU per mail (2026-12-04), and sees no
 * native frames. The profiled window still gives proportions, never amounts.
 *
 * <p>Use: {@link #of}, run the first window with {@link #referenceClocks}, {@link #startRecording}, the second with
 * {@link #profiledClocks}, {@link #stopRecording}, then {@link #costs}.
 */
public final class StageProfiler {
    private static final String LIBRARY = "/linux-x64/libasyncProfiler.so";
    private static final int INTERVAL = 1_000_000;
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

    private final long pid;
    private final Path directory;
    private final Window reference = new Window();
    private final Window profiled = new Window();
    private Path recording;
    private Path library;

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

    /** The load's clocks for the window with the profiler, also reading the time at both ends. */
    public CpuClocks profiledClocks(CpuClocks load) {
        return profiled.clocks(load, pid);
    }

    /** Loads async-profiler into the forwarder and starts sampling CPU time, per thread. */
    public void startRecording() throws IOException, InterruptedException {
        library = directory.resolve("libasyncProfiler.so");
        try (InputStream in = StageProfiler.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IOException("missing resource " + LIBRARY + " (the async-profiler jar)");
            }
            Files.write(library, in.readAllBytes());
        }
        profiler("start,event=itimer,interval=" + INTERVAL + ",threads");
    }

    /** Stops sampling and writes the stacks, collapsed, to the directory. */
    public void stopRecording() throws IOException, InterruptedException {
        recording = directory.resolve("stages-" + pid + ".collapsed");
        profiler("stop,file=" + recording + ",collapsed");
    }

    /** One async-profiler command; quoted whole, or jcmd would read its '=' as an option of its own. */
    private void profiler(String command) throws IOException, InterruptedException {
        jcmd("JVMTI.agent_load", library.toString(), "\"" + command + "\"");
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
        for (String line : Files.readAllLines(recording, StandardCharsets.UTF_8)) {
            // "[thread name tid=N];frame;frame;...;running frame COUNT", frames as a/b/Class.method or native names.
            int space = line.lastIndexOf(' ');
            if (space < 0 || !line.startsWith("[")) {
                continue;
            }
            int count = Integer.parseInt(line.substring(space + 1));
            List<String> frames = List.of(line.substring(0, space).split(";"));
            String name = threadName(frames.get(0));
            if (StageRules.isJvmThread(name) || StageRules.isProfilerThread(name)) {
                continue;
            }
            List<String> classes = new ArrayList<>(frames.size());
            for (int i = frames.size() - 1; i > 0; i--) {
                classes.add(className(frames.get(i)));
            }
            total += count;
            Stage stage = StageRules.stageOf(classes);
            // async-profiler keeps 2048 frames by default; a stack it cut short says so in its deepest frame.
            if (stage == Stage.OTHER && frames.get(1).startsWith("[truncated")) {
                truncated += count;
            } else {
                samples.merge(stage, count, Integer::sum);
            }
        }

        ThreadCpu cpu = ThreadCpu.between(reference.threads.get(0), reference.threads.get(1));
        long processDelta = reference.processTicks.get(1)[CpuClocks.FORWARDER] - reference.processTicks.get(0)[CpuClocks.FORWARDER];
        double microsPerTick = 1e6 / ticksPerSecond / messages;
        Map<String, Double> rows = new LinkedHashMap<>();
        long mailCpu = cpu.mailUser + cpu.mailSystem;
        for (Stage stage : Stage.values()) {
            double share = total == 0 ? 0 : samples.getOrDefault(stage, 0) / (double) total;
            rows.put(stage.label, mailCpu * share * microsPerTick);
        }
        if (truncated > 0) {
            rows.put(Report.StageCosts.TRUNCATED, mailCpu * truncated / (double) total * microsPerTick);
        }
        if (total == 0) {
            rows.put("mail threads' CPU, no sample to divide it", mailCpu * microsPerTick);
        }
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

    /** "[name tid=N]" as async-profiler writes a thread's frame: the name. */
    private static String threadName(String frame) {
        int tid = frame.lastIndexOf(" tid=");
        return frame.substring(1, tid > 0 ? tid : frame.length() - 1);
    }

    /** "a/b/Class.method" (a Java frame; "_[j]", "_[i]" suffixes for JIT-compiled or inlined ones) as "a.b.Class". */
    private static String className(String frame) {
        int dot = frame.lastIndexOf('.');
        return (dot > 0 ? frame.substring(0, dot) : frame).replace('/', '.');
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
