package io.smtpy.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.smtp.LoadGenerator;
import io.smtpy.bench.smtp.LoadResult;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;

/**
 * Steady load against a server you started yourself, for profiling it (JFR, {@code top -H}): the sink listens on a
 * port you choose (give it to the server as its gateway), and every {@code --seconds} a line reports the rates.
 *
 * <pre>
 * java -cp ... io.smtpy.bench.Soak --sink-port 2526 --smtp-port 2525 --to bench1@smtpy-bench.example
 *      [--copies 1] [--size 2048] [--seconds 5] [--rounds 12] [--connections 10] [--pid SERVER_PID]
 * </pre>
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        int sinkPort = Integer.parseInt(value(arguments, "--sink-port", "2526"));
        int smtpPort = Integer.parseInt(value(arguments, "--smtp-port", "2525"));
        String recipient = value(arguments, "--to", "bench1@smtpy-bench.example");
        int copies = Integer.parseInt(value(arguments, "--copies", "1"));
        int size = Integer.parseInt(value(arguments, "--size", "2048"));
        Duration round = Duration.ofSeconds(Long.parseLong(value(arguments, "--seconds", "5")));
        int rounds = Integer.parseInt(value(arguments, "--rounds", "12"));
        int connections = Integer.parseInt(value(arguments, "--connections", "10"));
        long pid = Long.parseLong(value(arguments, "--pid", "-1"));
        long ticksPerSecond = ProcessStats.ticksPerSecond();
        try (TimestampingSink sink = TimestampingSink.start(sinkPort)) {
            LoadGenerator load = new LoadGenerator(smtpPort, connections, sink);
            for (int i = 0; i < rounds; i++) {
                LoadResult result = load.saturate(recipient, copies, TestMessage.ofSize(size), Duration.ZERO, round,
                    Plan.maxCopiesInFlight(size), () -> new long[] {pid < 0 ? 0 : ProcessStats.cpuTicks(pid), 0, 0});
                System.out.printf(Locale.ROOT, "round %d: %.0f msg/s delivered, %.0f/s accepted, p50 %.0f ms, p99 %.0f ms, "
                        + "server CPU %.1f ms/msg, %d failed%n", i + 1, result.messagesPerSecond(), result.acceptedPerSecond(),
                    result.latencyMillis(50), result.latencyMillis(99), result.cpuSecondsPer1000Messages(ticksPerSecond),
                    result.failed());
            }
        }
    }

    private static String value(List<String> arguments, String name, String fallback) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : fallback;
    }
}
