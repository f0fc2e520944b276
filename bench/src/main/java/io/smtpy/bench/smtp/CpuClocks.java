package io.smtpy.bench.smtp;

/**
 * The CPU clocks a throughput run reads at both ends of its window, in clock ticks: the forwarder's processes, the
 * harness (load generator and sink), and the whole machine, so that the load of anything else on a shared machine
 * shows in the results; after them, any further processes a run follows apart (the scan phase: spamd, clamd, milters).
 */
public interface CpuClocks {
    int FORWARDER = 0;
    int HARNESS = 1;
    int MACHINE = 2;
    /** The index of the first further clock, if any. */
    int FURTHER = 3;

    /** {forwarder, harness, machine, further clocks...} now. */
    long[] read();

    static long[] difference(long[] before, long[] after) {
        long[] difference = new long[after.length];
        for (int i = 0; i < after.length; i++) {
            difference[i] = after[i] - before[i];
        }
        return difference;
    }
}
