package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time and memory of processes, read from Linux's {@code /proc}. */
public final class ProcessStats {
    private static final Path PROC = Paths.get("/proc");
    // Fields of /proc/<pid>/stat after the command name, 0-based: state is 0, ppid 1, utime 11, stime 12,
    // cutime 13, cstime 14 (proc(5) numbers them 3, 4, 14, 15, 16, 17).
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private ProcessStats() {
    }

    /** Clock ticks per second of the CPU times in {@code /proc} (USER_HZ). */
    public static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** User plus system CPU time of the process itself, in clock ticks; 0 when it is gone. */
    public static long cpuTicks(long pid) {
        long[] fields = statFields(pid);
        return fields == null ? 0 : fields[UTIME] + fields[STIME];
    }

    /** CPU time of the process and of its children that ended and were waited for, in clock ticks. */
    public static long cpuTicksWithReapedChildren(long pid) {
        long[] fields = statFields(pid);
        return fields == null ? 0 : fields[UTIME] + fields[STIME] + fields[CUTIME] + fields[CSTIME];
    }

    /**
     * CPU time of a family of processes in clock ticks: the process, its children that ended and were waited for,
     * and its live children (a Postfix master, a preforking spamd, a milter that runs a client per mail).
     */
    public static long familyCpuTicks(long pid) {
        long ticks = cpuTicksWithReapedChildren(pid);
        for (long child : children(pid)) {
            ticks += cpuTicks(child);
        }
        return ticks;
    }

    /** Direct children of the process that are alive now. */
    public static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                .filter(name -> name.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .forEach(candidate -> {
                    long[] fields = statFields(candidate);
                    if (fields != null && fields[PPID] == pid) {
                        children.add(candidate);
                    }
                });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return children;
    }

    /** Resident set size now, in KiB (0 when the process is gone). */
    public static long residentKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size over the process's life ("high water mark"), in KiB. */
    public static long peakResidentKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** {@link #proportionalKb} of a process and its live children, added up. */
    public static long familyProportionalKb(long pid) {
        long total = proportionalKb(pid);
        for (long child : children(pid)) {
            total += proportionalKb(child);
        }
        return total;
    }

    /**
     * Proportional set size in KiB: resident memory with each shared page divided among the processes sharing it,
     * so that the sizes of a family of processes (Postfix) can be added up.
     */
    public static long proportionalKb(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/smaps_rollup"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Pss:")) {
                    return kilobytes(line);
                }
            }
            return 0;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * CPU time the whole machine spent busy (all cores: user, nice, system, interrupts, and time stolen by the
     * hypervisor), in clock ticks.
     */
    public static long machineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(PROC.resolve("stat"), StandardCharsets.US_ASCII).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static boolean isAlive(long pid) {
        return Files.exists(PROC.resolve(Long.toString(pid)));
    }

    private static long statusField(long pid, String name) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    return kilobytes(line);
                }
            }
            return 0;
        } catch (IOException gone) {
            return 0;
        }
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    /** One thread of a process: its name as the kernel keeps it (15 characters at most) and its CPU times in clock ticks. */
    public static final class ThreadTicks {
        public final String name;
        public final long user;
        public final long system;

        ThreadTicks(String name, long user, long system) {
            this.name = name;
            this.user = user;
            this.system = system;
        }
    }

    /** Every live thread of the process, by thread id (empty when the process is gone). */
    public static Map<Long, ThreadTicks> threads(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve(pid + "/task"))) {
            tasks.forEach(task -> {
                String stat = readStat(task.resolve("stat"));
                if (stat != null) {
                    long[] fields = numericFields(stat);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, fields[UTIME], fields[STIME]));
                }
            });
        } catch (IOException | UncheckedIOException gone) {
            return Map.of();
        }
        return threads;
    }

    private static String readStat(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException gone) {
            return null;
        }
    }

    /** The numeric fields after the command name (which may contain spaces and parentheses), or null. */
    private static long[] statFields(long pid) {
        String stat = readStat(PROC.resolve(pid + "/stat"));
        return stat == null ? null : numericFields(stat);
    }

    private static long[] numericFields(String stat) {
        String[] parts = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long[] fields = new long[parts.length];
        for (int i = 1; i < parts.length; i++) {
            try {
                fields[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException notANumber) {
                fields[i] = 0;
            }
        }
        return fields;
    }
}
