package io.smtpy.bench.smtp;

import java.util.Arrays;

/**
 * What one load run measured. Rates are over the measured window only (the ramp before it and the drain after it
 * are excluded); latencies are from the end of DATA (the client's final dot) to the arrival of the copy's final dot
 * at the sink, in nanoseconds, sorted.
 */
public final class LoadResult {
    private final double windowSeconds;
    private final int copiesPerMessage;
    private final int copiesInWindow;
    private final int[] copiesInWindowByServer;
    private final int acceptedInWindow;
    private final int accepted;
    private final int failed;
    private final String firstFailure;
    private final int lostCopies;
    private final int strays;
    private final long cpuTicksInWindow;
    private final long harnessTicksInWindow;
    private final long machineTicksInWindow;
    private final long[] furtherTicksInWindow;
    private final long[] latencies;

    /** @param cpuTicks clock ticks in the window: forwarder, harness, whole machine */
    LoadResult(double windowSeconds, LoadRun run, int copiesInWindow, int acceptedInWindow, long[] cpuTicks, long[] latencies) {
        this(windowSeconds, run, new int[] {copiesInWindow}, acceptedInWindow, cpuTicks, latencies);
    }

    /** @param copiesInWindowByServer the copies that arrived in the window, by the generator's server their message went to */
    LoadResult(double windowSeconds, LoadRun run, int[] copiesInWindowByServer, int acceptedInWindow, long[] cpuTicks, long[] latencies) {
        this.windowSeconds = windowSeconds;
        this.copiesPerMessage = run.copiesPerMessage();
        this.copiesInWindowByServer = copiesInWindowByServer.clone();
        this.copiesInWindow = Arrays.stream(copiesInWindowByServer).sum();
        this.acceptedInWindow = acceptedInWindow;
        this.accepted = run.accepted();
        this.failed = run.failed();
        this.firstFailure = run.firstFailure();
        this.lostCopies = Math.max(0, run.copiesExpected() - run.copiesArrived());
        this.strays = run.strays();
        this.cpuTicksInWindow = cpuTicks[CpuClocks.FORWARDER];
        this.harnessTicksInWindow = cpuTicks[CpuClocks.HARNESS];
        this.machineTicksInWindow = cpuTicks[CpuClocks.MACHINE];
        this.furtherTicksInWindow = Arrays.copyOfRange(cpuTicks, CpuClocks.FURTHER, Math.max(CpuClocks.FURTHER, cpuTicks.length));
        this.latencies = latencies;
    }

    /** The measured window's length. */
    public double windowSeconds() {
        return windowSeconds;
    }

    /** Copies delivered to the sink per second (one per destination). */
    public double copiesPerSecond() {
        return copiesInWindow / windowSeconds;
    }

    /** Messages forwarded end to end per second: copies over destinations per message. */
    public double messagesPerSecond() {
        return copiesPerSecond() / copiesPerMessage;
    }

    /** Messages forwarded end to end per second that the generator had sent to its server {@code server}. */
    public double messagesPerSecond(int server) {
        return copiesInWindowByServer[server] / windowSeconds / copiesPerMessage;
    }

    /** How many servers the generator spread this run over (1 unless it was given several). */
    public int servers() {
        return copiesInWindowByServer.length;
    }

    /** Messages the forwarder answered 250 to per second, which may run ahead of delivery. */
    public double acceptedPerSecond() {
        return acceptedInWindow / windowSeconds;
    }

    /**
     * CPU seconds the forwarder used per 1000 messages forwarded, in the window.
     *
     * @param ticksPerSecond the kernel's clock ticks per second (USER_HZ)
     */
    public double cpuSecondsPer1000Messages(long ticksPerSecond) {
        return perThousandMessages(cpuTicksInWindow, ticksPerSecond);
    }

    /**
     * CPU seconds per 1000 messages forwarded, in the window, of the further clock {@code index} (0 for the first after
     * {forwarder, harness, machine}): a process the run follows apart from the forwarder.
     */
    public double furtherCpuSecondsPer1000Messages(int index, long ticksPerSecond) {
        return perThousandMessages(furtherTicksInWindow[index], ticksPerSecond);
    }

    private double perThousandMessages(long ticks, long ticksPerSecond) {
        double messages = (double) copiesInWindow / copiesPerMessage;
        return messages == 0 ? Double.NaN : ticks / (double) ticksPerSecond / messages * 1000;
    }

    /** Cores the forwarder kept busy on average in the window. */
    public double forwarderCores(long ticksPerSecond) {
        return cpuTicksInWindow / (double) ticksPerSecond / windowSeconds;
    }

    /** Cores kept busy on average in the window by the further clock {@code index} (see {@link #furtherCpuSecondsPer1000Messages}). */
    public double furtherCores(int index, long ticksPerSecond) {
        return furtherTicksInWindow[index] / (double) ticksPerSecond / windowSeconds;
    }

    /** Cores the harness (load generator and sink, one JVM) kept busy on average in the window. */
    public double harnessCores(long ticksPerSecond) {
        return harnessTicksInWindow / (double) ticksPerSecond / windowSeconds;
    }

    /**
     * Cores kept busy by everything else than the forwarder, this harness and the further processes the run follows
     * (other processes on a shared machine, the hypervisor): the run competed with that much load. NaN when the
     * machine's clock was not read.
     */
    public double backgroundCores(long ticksPerSecond) {
        if (machineTicksInWindow == 0) {
            return Double.NaN;
        }
        long followed = cpuTicksInWindow + harnessTicksInWindow + Arrays.stream(furtherTicksInWindow).sum();
        return Math.max(0, machineTicksInWindow - followed) / (double) ticksPerSecond / windowSeconds;
    }

    public int samples() {
        return latencies.length;
    }

    /** A latency percentile in milliseconds (nearest rank), NaN without samples. */
    public double latencyMillis(double percentile) {
        return percentileMillis(latencies, percentile);
    }

    /** A percentile (nearest rank) of sorted nanoseconds, in milliseconds; NaN without samples. */
    static double percentileMillis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    public int accepted() {
        return accepted;
    }

    public int failed() {
        return failed;
    }

    /** The first failure's description, or null. */
    public String firstFailure() {
        return firstFailure;
    }

    /** Copies of accepted messages that never arrived before the drain timed out. */
    public int lostCopies() {
        return lostCopies;
    }

    /** Arrivals that belonged to no message of this run (late copies of an earlier run). */
    public int strays() {
        return strays;
    }
}
