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

import io.smtpy.bench.forwarders.Forwarder;
import io.smtpy.bench.forwarders.SmtpySubmissionServer;
import io.smtpy.bench.forwarders.SubmissionServer;
import io.smtpy.bench.forwarders.TestCertificate;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.report.SubmissionResults;
import io.smtpy.bench.smtp.SubmissionLoad;
import io.smtpy.bench.smtp.SubmissionResult;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;
import io.smtpy.bench.smtp.TlsClient;

/**
 * The submission phase (issue 16): mail clients submitting over TLS with AUTH PLAIN to smtpy's submission servers and to
 * Postfix's submission service, all presenting the run's one certificate, all relaying to the bench's sink. Every system
 * is started, checked (AUTH not offered before TLS; one submitted mail arrives as it should), warmed up (a JVM then
 * settles as in the end-to-end phase); then each point (shape of load and size) is measured in {@link Plan#repeats}
 * rounds, each round one window per system, the order rotating from round to round, so that the drift of a shared
 * machine falls on every system alike. Last, the CPU table per stage of each smtpy system under the one-message-per-
 * connection load.
 */
final class SubmissionBenchmark {
    /** How the clients submit: which port (STARTTLS or implicit TLS) and how many messages per connection. */
    static final class Shape {
        final String label;
        final boolean implicitTls;
        final int messagesPerConnection;

        Shape(boolean implicitTls, int messagesPerConnection) {
            this.implicitTls = implicitTls;
            this.messagesPerConnection = messagesPerConnection;
            this.label = (implicitTls ? "implicit TLS (465)" : "STARTTLS (587)") + ", " + messagesPerConnection + " per connection";
        }
    }

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CHECK_WINDOW = Duration.ofMillis(300);
    /** On top of the plan's: two JVMs settle one after the other, and the phase should stay within about ten minutes. */
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(120);

    private final Plan plan;
    private final TimestampingSink sink;
    private final TestCertificate certificate;
    private final TlsClient tls;
    private final Report report;
    private final long ticksPerSecond;
    private final EndToEndBenchmark e2e;
    private final List<Shape> shapes;
    private final List<Integer> sizes;

    SubmissionBenchmark(Plan plan, TimestampingSink sink, TestCertificate certificate, TlsClient tls, Report report, long ticksPerSecond,
                        List<Shape> shapes, List<Integer> sizes) {
        this.plan = plan;
        this.sink = sink;
        this.certificate = certificate;
        this.tls = tls;
        this.report = report;
        this.ticksPerSecond = ticksPerSecond;
        this.e2e = new EndToEndBenchmark(plan, sink, report, ticksPerSecond);
        this.shapes = shapes;
        this.sizes = sizes;
    }

    /** STARTTLS with {@code messagesPerConnection} per connection, STARTTLS with one, implicit TLS with one. */
    static List<Shape> shapes(int messagesPerConnection) {
        List<Shape> shapes = new ArrayList<>();
        if (messagesPerConnection > 1) {
            shapes.add(new Shape(false, messagesPerConnection));
        }
        shapes.add(new Shape(false, 1));
        shapes.add(new Shape(true, 1));
        return shapes;
    }

    /** The load that warms up, settles and profiles: one message per connection over STARTTLS, the phones' case. */
    private Shape phones() {
        return shapes.stream().filter(s -> !s.implicitTls && s.messagesPerConnection == 1).findFirst().orElse(shapes.get(0));
    }

    void run(List<SubmissionServer> systems) throws Exception {
        try {
            for (SubmissionServer system : systems) {
                system.start(sink.port(), certificate);
                Bench.log("  " + system.name() + " started: submission " + system.submissionPort() + " (STARTTLS), smtps " + system.smtpsPort()
                    + ", credential " + system.username());
            }
            for (SubmissionServer system : systems) {
                check(system);
            }
            for (SubmissionServer system : systems) {
                warmUp(system);
            }
            for (int size : sizes) {
                for (Shape shape : shapes) {
                    point(systems, shape, size);
                }
            }
            for (SubmissionServer system : systems) {
                if (system instanceof SmtpySubmissionServer) {
                    SmtpySubmissionServer smtpy = (SmtpySubmissionServer) system;
                    SubmissionLoad load = load(system, phones());
                    TestMessage message = TestMessage.ofSize(2 * Plan.KB);
                    e2e.stages(system.name() + " submission", smtpy.forwarder(), (ramp, window, clocks) -> load.saturate(Forwarder.destination(1),
                        message, ramp, window, Plan.maxCopiesInFlight(2 * Plan.KB), clocks).load());
                }
            }
        } finally {
            for (SubmissionServer system : systems) {
                system.close();
            }
        }
    }

    private SubmissionLoad load(SubmissionServer system, Shape shape) {
        return load(system, shape, plan.connections);
    }

    private SubmissionLoad load(SubmissionServer system, Shape shape, int connections) {
        return new SubmissionLoad(shape.implicitTls ? system.smtpsPort() : system.submissionPort(), shape.implicitTls, connections,
            shape.messagesPerConnection, tls, system.username(), system.password(), system.sender(), sink);
    }

    /**
     * Before any load: the submission port's EHLO before TLS must offer STARTTLS and not AUTH; one mail submitted over
     * STARTTLS and one over implicit TLS must arrive, as the system should send it (its own check).
     */
    private void check(SubmissionServer system) throws Exception {
        String ehlo = load(system, phones(), 1).plainEhlo();
        if (!ehlo.contains("STARTTLS") || ehlo.contains("AUTH")) {
            throw new IOException(system.name() + ": the submission port's EHLO before TLS should offer STARTTLS and not AUTH: " + ehlo);
        }
        List<String> seen = new ArrayList<>();
        for (Shape shape : List.of(phones(), new Shape(true, 1))) {
            CompletableFuture<TimestampingSink.Delivery> capture = sink.captureNext();
            SubmissionResult result = load(system, shape, 1).saturate(Forwarder.destination(1), TestMessage.ofSize(2 * Plan.KB), Duration.ZERO,
                CHECK_WINDOW, 1, EndToEndBenchmark.clocks(system::cpuTicks));
            try {
                if (result.load().accepted() == 0) {
                    throw new TimeoutException("not accepted" + EndToEndBenchmark.problems(result.load()));
                }
                seen.add((shape.implicitTls ? "implicit TLS" : "STARTTLS") + ": " + result.session() + ", "
                    + system.checkDelivery(capture.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
            } catch (TimeoutException e) {
                throw new IOException(system.name() + ": the check mail (" + shape.label + ") did not arrive at the sink: " + e.getMessage(), e);
            }
        }
        String evidence = String.join("; ", seen) + "; EHLO before TLS offers STARTTLS, not AUTH";
        Bench.log("  " + system.name() + " check mails: " + evidence);
        report.submission().check(system.name(), evidence);
    }

    private void warmUp(SubmissionServer system) throws InterruptedException {
        long started = System.nanoTime();
        int size = sizes.get(0);
        TestMessage message = TestMessage.ofSize(size);
        load(system, phones()).saturate(Forwarder.destination(1), message, Duration.ZERO, system.jvm() ? plan.warmUpJvm : plan.warmUpNative,
            Plan.maxCopiesInFlight(size), EndToEndBenchmark.clocks(system::cpuTicks));
        for (Shape shape : shapes) {
            if (shape != phones()) {
                load(system, shape).saturate(Forwarder.destination(1), message, Duration.ZERO, plan.warmUpPerSize, Plan.maxCopiesInFlight(size),
                    EndToEndBenchmark.clocks(system::cpuTicks));
            }
        }
        Bench.log(String.format(Locale.ROOT, "  %s warmed up in %.0f s", system.name(), (System.nanoTime() - started) / 1e9));
        if (system.jvm()) {
            SubmissionLoad load = load(system, phones());
            Duration atMost = plan.settleAtMost.compareTo(SETTLE_AT_MOST) < 0 ? plan.settleAtMost : SETTLE_AT_MOST;
            e2e.settle(system.name() + " (submission)", atMost, (ramp, window) -> load.saturate(Forwarder.destination(1), message, ramp, window,
                Plan.maxCopiesInFlight(size), EndToEndBenchmark.clocks(system::cpuTicks)).load());
        }
    }

    /** {@link Plan#repeats} rounds of one window per system, the order rotating; rows and each round's ratios to Postfix. */
    private void point(List<SubmissionServer> systems, Shape shape, int size) throws InterruptedException {
        TestMessage message = TestMessage.ofSize(size);
        Map<String, List<SubmissionResult>> runs = new LinkedHashMap<>();
        systems.forEach(system -> runs.put(system.name(), new ArrayList<>()));
        for (int round = 0; round < plan.repeats; round++) {
            for (int turn = 0; turn < systems.size(); turn++) {
                SubmissionServer system = systems.get((round + turn) % systems.size());
                SubmissionResult result = load(system, shape).saturate(Forwarder.destination(1), message, plan.ramp, plan.window,
                    Plan.maxCopiesInFlight(size), EndToEndBenchmark.clocks(system::cpuTicks));
                runs.get(system.name()).add(result);
                Bench.log(String.format(Locale.ROOT, "  %s %s %s round %d: %.0f msg/s (accepted %.0f/s), CPU %.2f ms/mail, submission p50 %.1f ms "
                        + "p99 %.1f ms, setup p50 %.1f ms p99 %.1f ms, %d connections, other load %.2f cores%s", system.name(), shape.label,
                    TestMessage.label(size), round + 1, result.load().messagesPerSecond(), result.load().acceptedPerSecond(),
                    result.load().cpuSecondsPer1000Messages(ticksPerSecond), result.submissionMillis(50), result.submissionMillis(99),
                    result.setupMillis(50), result.setupMillis(99), result.connections(), result.load().backgroundCores(ticksPerSecond),
                    EndToEndBenchmark.problems(result.load())));
            }
        }
        runs.forEach((system, results) -> report.submission().add(new SubmissionResults.Row(system, shape.label, size, results, ticksPerSecond)));
        List<SubmissionResult> reference = runs.get(SubmissionResults.REFERENCE);
        if (reference == null) {
            return;
        }
        runs.forEach((system, results) -> {
            if (!system.equals(SubmissionResults.REFERENCE)) {
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < results.size(); round++) {
                    ratios.add(results.get(round).load().messagesPerSecond() / reference.get(round).load().messagesPerSecond());
                }
                report.submission().rounds(system, shape.label, size, ratios);
                Bench.log(String.format(Locale.ROOT, "  %s/%s, %s %s, each round: %s", system, SubmissionResults.REFERENCE, shape.label,
                    TestMessage.label(size), ratios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).reduce((a, b) -> a + ", " + b).orElse("")));
            }
        });
    }
}
