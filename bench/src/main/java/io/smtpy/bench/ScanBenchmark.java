package io.smtpy.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.smtpy.bench.forwarders.Forwarder;
import io.smtpy.bench.forwarders.PostfixMiltersForwarder;
import io.smtpy.bench.forwarders.ScanDaemons;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.report.ScanResults;
import io.smtpy.bench.smtp.LoadGenerator;
import io.smtpy.bench.smtp.LoadResult;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;

/**
 * The scan phase (issue 14): one system at a time against the same spamd and clamd, 2 KB clean mail to the
 * 1-destination alias. Per system: a check mail (what its copy carries shows whether it scanned), an EICAR mail (a
 * scanning system refuses it), the warm-up (and, for a JVM, the end-to-end phase's settling), then {@link Plan#repeats}
 * throughput windows of {@link Plan#scanWindow} with the CPU of the system, spamd and clamd (and the milters apart) read at both ends of each.
 */
final class ScanBenchmark {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final int SIZE = 2 * Plan.KB;

    private final Plan plan;
    private final TimestampingSink sink;
    private final ScanDaemons daemons;
    private final EndToEndBenchmark e2e;
    private final Report report;
    private final long ticksPerSecond;

    ScanBenchmark(Plan plan, TimestampingSink sink, ScanDaemons daemons, Report report, long ticksPerSecond) {
        this.plan = plan;
        this.sink = sink;
        this.daemons = daemons;
        this.e2e = new EndToEndBenchmark(plan, sink, report, ticksPerSecond);
        this.report = report;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Measures one system and adds its row to the results.
     *
     * @param scannersOn whether the system is set up to ask spamd and clamd (then its copies must show it did)
     */
    void run(Forwarder forwarder, boolean jvm, boolean scannersOn) throws Exception {
        try {
            forwarder.start(sink.port());
            LoadGenerator load = new LoadGenerator(forwarder.smtpPort(), plan.connections, sink);
            Evidence evidence = check(forwarder, load, scannersOn);
            Bench.log("  " + forwarder.name() + " check mail: " + evidence.text);
            load.saturate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(SIZE), Duration.ZERO, plan.scanWarmUp,
                Plan.maxCopiesInFlight(SIZE), EndToEndBenchmark.clocks(forwarder::cpuTicks));
            if (jvm) {
                e2e.settle(forwarder, load);
            }
            Map<String, LongSupplier> apart = clocksApart(forwarder);
            List<String> names = new ArrayList<>(apart.keySet());
            List<LoadResult> runs = new ArrayList<>();
            for (int i = 0; i < plan.repeats; i++) {
                LoadResult result = load.saturate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(SIZE), plan.scanRamp, plan.scanWindow,
                    Plan.maxCopiesInFlight(SIZE), EndToEndBenchmark.clocks(forwarder::cpuTicks, apart.values().toArray(new LongSupplier[0])));
                runs.add(result);
                StringBuilder parts = new StringBuilder();
                for (int p = 0; p < names.size(); p++) {
                    parts.append(String.format(Locale.ROOT, ", %s %.2f ms", names.get(p), result.furtherCpuSecondsPer1000Messages(p, ticksPerSecond)));
                }
                Bench.log(String.format(Locale.ROOT, "  %s run %d: %.0f msg/s, CPU per mail %.2f ms%s; p99 under load %.0f ms, other load %.2f cores%s",
                    forwarder.name(), i + 1, result.messagesPerSecond(), result.cpuSecondsPer1000Messages(ticksPerSecond), parts,
                    result.latencyMillis(99), result.backgroundCores(ticksPerSecond), EndToEndBenchmark.problems(result)));
            }
            report.scan().add(new ScanResults.Row(forwarder.name(), scannersOn, evidence.spamScanned(), evidence.virusScanned(), evidence.text,
                names, runs, ticksPerSecond));
        } finally {
            forwarder.close();
        }
    }

    /** spamd and clamd for every system (for one that does not scan they show whether it asked anyway), the milters apart. */
    private Map<String, LongSupplier> clocksApart(Forwarder forwarder) {
        Map<String, LongSupplier> clocks = new LinkedHashMap<>();
        clocks.put(ScanResults.SPAMD, daemons::spamdCpuTicks);
        clocks.put(ScanResults.CLAMD, daemons::clamdCpuTicks);
        if (forwarder instanceof PostfixMiltersForwarder) {
            PostfixMiltersForwarder milters = (PostfixMiltersForwarder) forwarder;
            clocks.put("of it spamass-milter + spamc", milters::spamassMilterCpuTicks);
            clocks.put("of it clamav-milter", milters::clamavMilterCpuTicks);
        }
        return clocks;
    }

    /** One clean mail (it must arrive; the forwarder's own check runs on its copy), then one EICAR mail. */
    private Evidence check(Forwarder forwarder, LoadGenerator load, boolean scannersOn) throws Exception {
        CompletableFuture<TimestampingSink.Delivery> capture = sink.captureNext();
        LoadResult clean = load.fixedRate(forwarder.alias(Forwarder.ONE), 1, TestMessage.ofSize(SIZE), 1, Duration.ofSeconds(1));
        TimestampingSink.Delivery delivery;
        try {
            if (clean.failed() > 0) {
                throw new TimeoutException("refused: " + clean.firstFailure());
            }
            delivery = capture.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(forwarder.name() + ": the check mail did not arrive at the sink: " + e.getMessage(), e);
        }
        String forwarderCheck = forwarder.checkDelivery(delivery);
        LoadResult eicar = load.fixedRate(forwarder.alias(Forwarder.ONE), 1, TestMessage.carrying(ScanDaemons.EICAR), 1, Duration.ofSeconds(1));
        Evidence evidence = new Evidence(delivery, eicar, forwarderCheck);
        if (scannersOn && !(evidence.spamScanned() && evidence.virusScanned())) {
            Bench.log("  " + forwarder.name() + " DID NOT SCAN: " + evidence.text);
            report.note(forwarder.name() + " was set up to scan but its mail shows no scan: " + evidence.text);
        }
        return evidence;
    }

    /**
     * What a system did to its check mails. Spam scanning shows as a SpamAssassin verdict field on the clean copy (smtpy
     * writes {@code X-Spam-Score}, spamass-milter {@code X-Spam-Status}); virus scanning as clamav-milter's
     * {@code X-Virus-Status} or smtpy's {@code X-Virus-Scanned} on it and a refusal (5xx) of the EICAR mail.
     */
    private static final class Evidence {
        private final String spamField;
        private final String virusField;
        private final boolean eicarRefused;
        final String text;

        Evidence(TimestampingSink.Delivery clean, LoadResult eicar, String forwarderCheck) {
            spamField = first(clean, "X-Spam-Score", "X-Spam-Status");
            virusField = first(clean, "X-Virus-Status", "X-Virus-Scanned");
            eicarRefused = eicar.failed() > 0 && String.valueOf(eicar.firstFailure()).matches("(?s).*\\b5\\d\\d\\b.*");
            String eicarFate = eicarRefused ? "EICAR mail refused (" + eicar.firstFailure() + ")"
                : eicar.failed() > 0 ? "EICAR mail failed otherwise (" + eicar.firstFailure() + ")" : "EICAR mail ACCEPTED";
            text = (spamField == null ? "no X-Spam-Score or X-Spam-Status" : spamField) + "; "
                + (virusField == null ? "no X-Virus-Status or X-Virus-Scanned" : virusField) + "; " + eicarFate + "; " + forwarderCheck;
        }

        boolean spamScanned() {
            return spamField != null;
        }

        boolean virusScanned() {
            return virusField != null && eicarRefused;
        }
    }

    /** "Name: value" of the first of these fields the copy carries, or null. */
    private static String first(TimestampingSink.Delivery delivery, String... names) {
        for (String name : names) {
            String value = delivery.field(name);
            if (value != null) {
                return name + ": " + value;
            }
        }
        return null;
    }
}
