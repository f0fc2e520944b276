package io.smtpy.bench.smtp;

/**
 * The CPU clocks a throughput run reads at both ends of its window, in clock ticks: the forwarder's processes, the
 * harness (load generator and sink), and the whole machine, so that the load of anything else on a shared machine
 * shows in the results.
 */
public interface CpuClocks {
    int FORWARDER = 0;
    int HARNESS = 1;
    int MACHINE = 2;

    /** {forwarder, harness, machine} now. */
    long[] read();

    static long[] difference(long[] before, long[] after) {
        long[] difference = new long[3];
        for (int i = 0; i < 3; i++) {
            difference[i] = after[i] - before[i];
        }
        return difference;
    }
}
