package io.smtpy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.smtpy.bench.forwarders.BenchCassandra;
import io.smtpy.bench.forwarders.BenchDns;
import io.smtpy.bench.forwarders.PostfixForwarder;
import io.smtpy.bench.forwarders.PostfixMiltersForwarder;
import io.smtpy.bench.forwarders.PostfixStackForwarder;
import io.smtpy.bench.forwarders.PostfixSubmissionServer;
import io.smtpy.bench.forwarders.ProcessStats;
import io.smtpy.bench.forwarders.ScanDaemons;
import io.smtpy.bench.forwarders.SmtpyForwarder;
import io.smtpy.bench.forwarders.SmtpySubmissionServer;
import io.smtpy.bench.forwarders.StockJamesForwarder;
import io.smtpy.bench.forwarders.SubmissionServer;
import io.smtpy.bench.forwarders.TestCertificate;
import io.smtpy.bench.guard.GuardBenchmark;
import io.smtpy.bench.importing.ImportBenchmark;
import io.smtpy.bench.report.Report;
import io.smtpy.bench.report.ScanResults;
import io.smtpy.bench.resolution.ResolutionBenchmarks;
import io.smtpy.bench.rules.OwnerDecisionsBenchmarks;
import io.smtpy.bench.smtp.TestMessage;
import io.smtpy.bench.smtp.TimestampingSink;
import io.smtpy.bench.smtp.TlsClient;

/**
 * The benchmark of issue 5, started by {@code bench/run.sh}: end-to-end forwarding (smtpy, vanilla James, Postfix,
 * Postfix with postsrsd and OpenDKIM),
 * alias resolution at scale (JMH), the owners' rules and lists on the mail path (JMH), bulk import, the WebAdmin guard's cost
 * spam and virus scanning against Postfix with milters (issue 14) and submission with TLS and AUTH against Postfix's
 * submission service (issue 16), written to {@code bench/results/<date>.json} and {@code .md}; on demand only
 * ({@code --only cluster}: it needs Cassandra), two smtpy-plain nodes on Cassandra against the embedded single node (issue 17).
 *
 * <pre>
 * usage: Bench [--quick] [--only e2e,resolution,rules,import,guard,scan,submission,cluster] [--guard-only] [--rules-only] [--scan-only]
 *              [--systems smtpy,smtpy-plain,james,postfix,postfix-stack (and smtpy-noevents, not by default)] [--scan-systems postfix,postfix-milters,smtpy-plain,smtpy-scan]
 *              [--results DIR] [--smtpy DIR] [--warm-up SECONDS] [--repeats N] [--sizes 2048,51200,1048576]
 *              [--interleave]   (two smtpy systems of --systems measured in alternate windows, e.g. smtpy,smtpy-noevents)
 *              [--submission-systems smtpy,smtpy-plain,postfix] [--messages-per-connection 10]
 * system properties: bench.repository (the smtpy checkout), bench.stockJamesClassPath (a class path file)
 * environment: BENCH_JAVA_OPTS (James), BENCH_SMTPY_JAVA_OPTS (smtpy; default: its conf/jvm.options, as shipped),
 *              BENCH_IMPORT_JAVA_OPTS (smtpy for the import), SMTPY_TEST_CASSANDRA (HOST:PORT: the cluster phase uses that
 *              Cassandra instead of starting one), CASSANDRA_HEAP (of the one it starts; default 1g)
 * </pre>
 */
public final class Bench {
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";
    static final String DEFAULT_IMPORT_JAVA_OPTS = "-Xmx2g";
    private static final long STARTED = System.nanoTime();
    private static final List<AutoCloseable> RUNNING = new ArrayList<>();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        Plan plan = plan(arguments);
        // --guard-only: just the WebAdmin guard's phase (in process, about a minute; no server, no Postfix).
        // --rules-only: just the owners' decisions benchmark (JMH, about 2 minutes; quick: under a minute).
        // --scan-only: just spam and virus scanning against Postfix with milters (issue 14; quick: about 2 minutes).
        // The cluster phase (issue 17) runs only when named (--only cluster): it needs Cassandra and takes long.
        Set<String> phases = arguments.contains("--guard-only") ? Set.of("guard")
            : arguments.contains("--rules-only") ? Set.of("rules")
            : arguments.contains("--scan-only") ? Set.of("scan")
            : option(arguments, "--only", "e2e,resolution,rules,import,guard,scan,submission");
        Set<String> systems = option(arguments, "--systems", "smtpy,smtpy-plain,james,postfix,postfix-stack");
        Path repository = Paths.get(System.getProperty("bench.repository", ".")).toAbsolutePath().normalize();
        // Another built checkout of smtpy to measure instead of this one (a patch's before and after).
        Path smtpy = Paths.get(single(arguments, "--smtpy", repository.toString())).toAbsolutePath().normalize();
        Path stockJamesClassPath = Paths.get(System.getProperty("bench.stockJamesClassPath",
            repository.resolve("bench/target/stock-james.classpath").toString()));
        String javaOptions = environment("BENCH_JAVA_OPTS", DEFAULT_JAVA_OPTS);
        // smtpy as ./smtpy run starts it: the options of its conf/jvm.options.
        String smtpyJavaOptions = environment("BENCH_SMTPY_JAVA_OPTS", SmtpyForwarder.shippedJavaOptions(smtpy));
        String importJavaOptions = environment("BENCH_IMPORT_JAVA_OPTS", DEFAULT_IMPORT_JAVA_OPTS);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path results = Paths.get(single(arguments, "--results", repository.resolve(
            plan.name.equals("quick") ? "bench/target/results" : "bench/results").toString()));
        Path work = Files.createDirectories(repository.resolve("bench/target/runs/" + stamp));
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::closeAll, "bench-cleanup"));

        Report report = new Report();
        report.setting("date", stamp);
        report.setting("plan", plan.name);
        report.setting("machine", machine());
        report.setting("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.setting("smtpy checkout", smtpy.toString());
        report.setting("JAVA_OPTS of smtpy", smtpyJavaOptions + " (MALLOC_ARENA_MAX=2, as ./smtpy run)");
        report.setting("JAVA_OPTS of James", javaOptions);
        report.setting("JAVA_OPTS of smtpy for the import", importJavaOptions);
        report.setting("postfix", postfixVersion());
        report.setting("postfix-stack", "postsrsd " + packageVersion("postsrsd") + ", opendkim " + packageVersion("opendkim"));
        report.setting("load", plan.connections + " connections, one message per connection; throughput: " + plan.ramp.toMillis()
            + " ms ramp + " + plan.window.toMillis() + " ms window x " + plan.repeats + " runs; latency: "
            + (int) plan.latencyRate + " msg/s for " + plan.latencyDuration.toSeconds() + " s x " + plan.repeats + " runs");
        log("bench: plan " + plan.name + ", work directory " + work);

        long ticksPerSecond = ProcessStats.ticksPerSecond();
        if (phases.contains("e2e")) {
            phase("end to end", report, () -> endToEnd(plan, systems, arguments.contains("--interleave"), smtpy, stockJamesClassPath, smtpyJavaOptions, javaOptions, work, report,
                ticksPerSecond));
        }
        if (phases.contains("resolution")) {
            phase("resolution", report, () -> resolution(plan, work, report));
        }
        if (phases.contains("rules")) {
            phase("rules", report, () -> ownerDecisions(plan, work, report));
        }
        if (phases.contains("import")) {
            phase("import", report, () -> bulkImport(plan, smtpy, importJavaOptions, work, report));
        }
        if (phases.contains("guard")) {
            phase("guard", report, () -> guard(plan, report));
        }
        if (phases.contains("scan")) {
            Set<String> scanSystems = option(arguments, "--scan-systems",
                String.join(",", Report.POSTFIX, ScanResults.POSTFIX_MILTERS, Report.SMTPY_PLAIN, ScanResults.SMTPY_SCAN));
            phase("scan", report, () -> scan(plan, scanSystems, smtpy, smtpyJavaOptions, work, report, ticksPerSecond));
        }

        if (phases.contains("submission")) {
            Set<String> submissionSystems = option(arguments, "--submission-systems",
                String.join(",", Report.SMTPY, Report.SMTPY_PLAIN, PostfixSubmissionServer.NAME));
            int perConnection = Integer.parseInt(single(arguments, "--messages-per-connection", "10"));
            // 2 KB unless --sizes says otherwise: the size of a typical submitted mail without attachment.
            List<Integer> sizes = arguments.contains("--sizes") ? plan.sizes : List.of(2 * Plan.KB);
            phase("submission", report, () -> submission(plan, submissionSystems, perConnection, sizes, smtpy, smtpyJavaOptions, work, report,
                ticksPerSecond));
        }
        if (phases.contains("cluster")) {
            phase("cluster", report, () -> cluster(plan, repository, smtpy, smtpyJavaOptions, work, report, ticksPerSecond));
        }

        double seconds = (System.nanoTime() - STARTED) / 1e9;
        report.setting("duration", String.format(Locale.ROOT, "%.0f s", seconds));
        Path json = results.resolve(stamp + ".json");
        Path markdown = results.resolve(stamp + ".md");
        report.write(json, markdown);
        log("results: " + json + " and " + markdown);
        for (Report.Target target : report.targets()) {
            log("  target " + target);
        }
        report.summary().forEach(System.out::println);
    }

    /** The full or quick plan, with the overrides of the command line. */
    private static Plan plan(List<String> arguments) {
        Plan plan = arguments.contains("--quick") ? Plan.quick() : Plan.full();
        if (arguments.contains("--warm-up") || arguments.contains("--repeats")) {
            plan = plan.with(Duration.ofSeconds(Long.parseLong(single(arguments, "--warm-up", Long.toString(plan.warmUpJvm.toSeconds())))),
                Integer.parseInt(single(arguments, "--repeats", Integer.toString(plan.repeats))));
        }
        if (arguments.contains("--sizes")) {
            plan = plan.onlySizes(Arrays.stream(single(arguments, "--sizes", "").split(","))
                .map(Integer::parseInt).collect(Collectors.toList()));
        }
        return plan;
    }

    /** A phase that fails is reported and the run goes on, so that the other phases still give their numbers. */
    private static void phase(String name, Report report, Phase phase) {
        try {
            phase.run();
        } catch (Exception e) {
            log(name + " failed: " + e);
            e.printStackTrace(System.out);
            report.note(name + " failed: " + e);
        }
    }

    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    private static void endToEnd(Plan plan, Set<String> systems, boolean interleave, Path smtpy, Path stockJamesClassPath,
                                 String smtpyJavaOptions, String javaOptions, Path work, Report report,
                                 long ticksPerSecond) throws Exception {
        try (TimestampingSink sink = TimestampingSink.start()) {
            EndToEndBenchmark e2e = new EndToEndBenchmark(plan, sink, report, ticksPerSecond);
            log("end to end: harness baseline (no forwarder)");
            e2e.baseline();
            List<SmtpyForwarder> interleaved = new ArrayList<>();
            for (SmtpyForwarder.Profile profile : SmtpyForwarder.Profile.values()) {
                SmtpyForwarder forwarder = new SmtpyForwarder(smtpy, work.resolve(profile.systemName()), smtpyJavaOptions, profile);
                if (!systems.contains(forwarder.name())) {
                    continue;
                }
                if (interleave) {
                    interleaved.add(forwarder);
                    continue;
                }
                String why = BenchDns.unavailableBecause();
                if (why != null) {
                    log("end to end: " + forwarder.name() + " skipped: " + why);
                    report.note(forwarder.name() + " not measured: " + why);
                    continue;
                }
                log("end to end: " + forwarder.name() + " (embedded server, durable queue, SQLite; " + profile.description() + ")");
                e2e.run(track(forwarder), true, "VmHWM of the JVM");
            }
            if (interleave) {
                String why = interleaved.size() == 2 ? BenchDns.unavailableBecause()
                    : "--interleave needs exactly two smtpy systems in --systems, got " + interleaved.size();
                if (why == null) {
                    log("end to end: " + interleaved.get(0).name() + " and " + interleaved.get(1).name() + ", interleaved");
                    e2e.runInterleaved(track(interleaved.get(0)), track(interleaved.get(1)));
                } else {
                    log("end to end: interleaved run skipped: " + why);
                    report.note("interleaved run not measured: " + why);
                }
            }
            if (systems.contains(Report.JAMES)) {
                log("end to end: vanilla James 3.8.1 (memory server, RecipientRewriteTable forwards)");
                e2e.run(track(new StockJamesForwarder(stockJamesClassPath, work.resolve("james"), javaOptions)), true,
                    "VmHWM of the JVM");
            }
            if (systems.contains(Report.POSTFIX)) {
                String why = PostfixForwarder.unavailableBecause();
                if (why == null) {
                    log("end to end: Postfix (private instance, virtual_alias_maps)");
                    e2e.run(track(new PostfixForwarder(work.resolve("postfix"))), false,
                        "highest sum of the PSS of master and its children, sampled every 250 ms");
                } else {
                    log("end to end: Postfix skipped: " + why);
                    report.note("Postfix not measured: " + why);
                }
            }
            if (systems.contains(Report.POSTFIX_STACK)) {
                String why = PostfixStackForwarder.unavailableBecause();
                if (why == null) {
                    log("end to end: postfix-stack (private Postfix + postsrsd SRS + OpenDKIM milters on Unix sockets, verifying and signing)");
                    e2e.run(track(new PostfixStackForwarder(work.resolve("postfix-stack"))), false,
                        "highest sum of the PSS of Postfix's master and children, postsrsd and OpenDKIM, sampled every 250 ms");
                } else {
                    log("end to end: postfix-stack skipped: " + why);
                    report.note("postfix-stack not measured: " + why);
                }
            }
        }
    }

    /**
     * Spam and virus scanning (issue 14): one spamd and one clamd for the whole phase, asked in turn by Postfix without
     * and with spamass-milter and clamav-milter, and by smtpy-plain without and with spamd.address and clamd.address.
     */
    private static void scan(Plan plan, Set<String> systems, Path smtpy, String smtpyJavaOptions, Path work, Report report,
                             long ticksPerSecond) throws Exception {
        String why = ScanDaemons.unavailableBecause();
        if (why != null) {
            log("scan: skipped: " + why);
            report.note("scan phase not run: " + why);
            return;
        }
        try (TimestampingSink sink = TimestampingSink.start(); ScanDaemons daemons = track(ScanDaemons.start(work.resolve("scan-daemons")))) {
            log("scan: " + daemons.describe());
            report.setting("scan: daemons", daemons.describe() + "; spamassassin " + packageVersion("spamassassin") + ", clamav "
                + packageVersion("clamav-daemon"));
            report.setting("scan: postfix-milters", PostfixMiltersForwarder.describe() + "; spamass-milter " + packageVersion("spamass-milter")
                + ", clamav-milter " + packageVersion("clamav-milter"));
            report.scan().how(String.format(Locale.ROOT, "One spamd and one clamd for the phase, asked by each system in turn. %d connections, "
                    + "one clean 2 KB message per connection to the 1-destination alias; warm-up %d s (a JVM then settles as in the "
                    + "end-to-end phase), then %d window(s) of %.1f s after a %.1f s ramp. CPU per mail: the system's own processes (Postfix's family and the milters; "
                    + "smtpy's JVM); spamd and clamd apart, read for every system (near 0 means it did not ask them). smtpy-scan is smtpy-plain "
                    + "(SRS, no inbound checks, no signing) with spamd.address and clamd.address in smtpy.properties. "
                    + "Scanned: the check mail's copy carried a spam verdict field and a virus field, and an EICAR mail was refused",
                plan.connections, plan.scanWarmUp.toSeconds(), plan.repeats, plan.scanWindow.toMillis() / 1000.0, plan.scanRamp.toMillis() / 1000.0));
            ScanBenchmark scan = new ScanBenchmark(plan, sink, daemons, report, ticksPerSecond);
            String postfixWhy = PostfixMiltersForwarder.unavailableBecause();
            if (postfixWhy != null) {
                log("scan: Postfix skipped: " + postfixWhy);
                report.note("scan: Postfix with milters not measured: " + postfixWhy);
            } else {
                if (systems.contains(Report.POSTFIX)) {
                    log("scan: postfix (no milters)");
                    phase("scan: postfix", report, () -> scan.run(track(new PostfixForwarder(work.resolve("scan-postfix"))), false, false));
                }
                if (systems.contains(ScanResults.POSTFIX_MILTERS)) {
                    log("scan: postfix-milters (" + PostfixMiltersForwarder.describe() + ")");
                    phase("scan: postfix-milters", report, () -> scan.run(track(new PostfixMiltersForwarder(work.resolve("scan-postfix-milters"),
                        daemons)), false, true));
                }
            }
            String dnsWhy = BenchDns.unavailableBecause();
            if (dnsWhy != null) {
                log("scan: smtpy skipped: " + dnsWhy);
                report.note("scan: smtpy not measured: " + dnsWhy);
                return;
            }
            if (systems.contains(Report.SMTPY_PLAIN)) {
                log("scan: smtpy-plain (no scanners)");
                phase("scan: smtpy-plain", report, () -> scan.run(track(new SmtpyForwarder(smtpy, work.resolve("scan-smtpy-plain"), smtpyJavaOptions,
                    SmtpyForwarder.Profile.PLAIN)), true, false));
            }
            if (systems.contains(ScanResults.SMTPY_SCAN)) {
                List<String> scanners = List.of("spamd.address=" + daemons.spamdAddress(), "clamd.address=" + daemons.clamdAddress());
                log("scan: smtpy-scan (smtpy-plain with " + String.join(", ", scanners) + ")");
                phase("scan: smtpy-scan", report, () -> scan.run(track(new SmtpyForwarder(smtpy, work.resolve("scan-smtpy-scan"), smtpyJavaOptions,
                    SmtpyForwarder.Profile.PLAIN, ScanResults.SMTPY_SCAN, scanners)), true, true));
            }
        }
    }

    /**
     * Submission with TLS and AUTH (issue 16): smtpy's submission servers (signing with the domain's active keys, and
     * plain) and Postfix's submission service, all with the one certificate made for the run, side by side.
     */
    private static void submission(Plan plan, Set<String> systems, int perConnection, List<Integer> sizes, Path smtpy, String smtpyJavaOptions,
                                   Path work, Report report, long ticksPerSecond) throws Exception {
        String why = TestCertificate.unavailableBecause();
        if (why != null) {
            log("submission: skipped: " + why);
            report.note("submission phase not run: " + why);
            return;
        }
        TestCertificate certificate = TestCertificate.generate(work.resolve("submission-tls"));
        List<SubmissionServer> servers = new ArrayList<>();
        String dnsWhy = BenchDns.unavailableBecause();
        for (SmtpyForwarder.Profile profile : List.of(SmtpyForwarder.Profile.SIGNING, SmtpyForwarder.Profile.PLAIN)) {
            if (!systems.contains(profile.systemName())) {
                continue;
            }
            if (dnsWhy != null) {
                log("submission: " + profile.systemName() + " skipped: " + dnsWhy);
                report.note("submission: " + profile.systemName() + " not measured: " + dnsWhy);
                continue;
            }
            servers.add(track(new SmtpySubmissionServer(smtpy, work.resolve("submission-" + profile.systemName()), smtpyJavaOptions, profile)));
        }
        if (systems.contains(PostfixSubmissionServer.NAME)) {
            String postfixWhy = PostfixSubmissionServer.unavailableBecause();
            if (postfixWhy == null) {
                servers.add(track(new PostfixSubmissionServer(work.resolve("submission-postfix"))));
            } else {
                log("submission: Postfix skipped: " + postfixWhy);
                report.note("submission: Postfix not measured (no ratio): " + postfixWhy);
            }
        }
        List<SubmissionBenchmark.Shape> shapes = SubmissionBenchmark.shapes(perConnection);
        report.setting("submission: certificate", certificate.describe() + " (" + certificate.certificate() + ")");
        report.setting("submission: postfix", "Cyrus SASL " + packageVersion("libsasl2-2") + " (sasldb, PLAIN and LOGIN), submission and smtps services");
        report.submission().how(String.format(Locale.ROOT, "%d connections per system, each: connect, EHLO, STARTTLS, EHLO, AUTH PLAIN (implicit TLS: "
                + "the handshake, EHLO, AUTH PLAIN), then M mails (MAIL, RCPT, DATA), QUIT; a full TLS handshake per connection (a new client "
                + "TLS context each time, no resumption), the client trusting only the run's certificate. Shapes: %s. Sizes: %s, 1 recipient on "
                + "the sink. Warm-up %d s (Postfix %d s), then a JVM settles (at most %d s); %d rounds per point, each one window of %.1f s after a "
                + "%.1f s ramp per system, the order rotating. msg/s: copies arriving at the sink in the window (at most %s in flight); "
                + "submission latency: connect (first mail of a connection) or MAIL (the others) to the 250 after DATA; setup: connect to "
                + "the 235 of AUTH. smtpy signs each submitted mail with the domain's active DKIM key, smtpy-plain's keys are pending (no "
                + "signature), Postfix signs nothing", plan.connections,
            shapes.stream().map(shape -> shape.label).collect(Collectors.joining("; ")),
            sizes.stream().map(TestMessage::label).collect(Collectors.joining(", ")), plan.warmUpJvm.toSeconds(), plan.warmUpNative.toSeconds(),
            Math.min(plan.settleAtMost.toSeconds(), 120), plan.repeats, plan.window.toMillis() / 1000.0, plan.ramp.toMillis() / 1000.0,
            sizes.stream().map(size -> Plan.maxCopiesInFlight(size) + " copies").collect(Collectors.joining(", "))));
        if (servers.isEmpty()) {
            report.note("submission: no system to measure");
            return;
        }
        log("submission: " + servers.stream().map(SubmissionServer::name).collect(Collectors.joining(", ")) + ", side by side; certificate "
            + certificate.describe());
        try (TimestampingSink sink = TimestampingSink.start()) {
            new SubmissionBenchmark(plan, sink, certificate, TlsClient.trusting(certificate.certificate()), report, ticksPerSecond, shapes, sizes)
                .run(servers);
        }
    }

    /**
     * Two smtpy-plain nodes on Cassandra against the embedded single node (issue 17): one Cassandra for the phase (the
     * checkout's services/cassandra/cassandra.sh, or SMTPY_TEST_CASSANDRA's), stopped at its end if the bench started it.
     */
    private static void cluster(Plan plan, Path repository, Path smtpy, String smtpyJavaOptions, Path work, Report report,
                                long ticksPerSecond) throws Exception {
        String why = BenchDns.unavailableBecause();
        if (why == null) {
            why = BenchCassandra.unavailableBecause(repository);
        }
        if (why != null) {
            log("cluster: skipped: " + why);
            report.note("cluster phase not run: " + why);
            return;
        }
        log("cluster: starting Cassandra (or using " + BenchCassandra.VARIABLE + ")");
        try (TimestampingSink sink = TimestampingSink.start();
             BenchCassandra cassandra = track(BenchCassandra.start(repository, work.resolve("cluster-cassandra")))) {
            log("cluster: Cassandra " + cassandra.describe());
            report.setting("cluster: cassandra", cassandra.describe());
            new ClusterBenchmark(plan, sink, report, ticksPerSecond).run(smtpy, smtpyJavaOptions, work, cassandra);
        }
    }

    private static void resolution(Plan plan, Path work, Report report) throws Exception {
        log("resolution: JMH, " + plan.aliasCounts + " aliases");
        for (ResolutionBenchmarks.Score score : ResolutionBenchmarks.run(plan.aliasCounts, plan.jmhForks, plan.jmhWarmUpIterations,
            plan.jmhIterations, plan.jmhIteration, work.resolve("jmh.txt"))) {
            log(String.format(Locale.ROOT, "  %s, %,d aliases: %.0f ns/resolution (iterations %.0f–%.0f)", score.kind, score.aliases,
                score.nanos, score.lowest, score.highest));
            report.add(new Report.Resolution(score.kind, score.aliases, score.nanos, score.lowest, score.highest));
        }
    }

    private static void ownerDecisions(Plan plan, Path work, Report report) throws Exception {
        String how = String.format(Locale.ROOT, "JMH sample time (every call timed), %d fork, %d warm-up iterations of %.1f s, "
                + "%d measured of %.1f s per case; a %d-byte message to one alias", plan.jmhForks, plan.rulesWarmUpIterations,
            plan.rulesWarmUp.toMillis() / 1000.0, plan.rulesIterations, plan.rulesIteration.toMillis() / 1000.0,
            OwnerDecisionsBenchmarks.messageBytes());
        log("rules: OwnerDecisions.afterData, " + how);
        String loadBefore = loadAverage();
        List<OwnerDecisionsBenchmarks.Score> scores = OwnerDecisionsBenchmarks.run(OwnerDecisionsBenchmarks.cases(), plan.jmhForks,
            plan.rulesWarmUpIterations, plan.rulesWarmUp, plan.rulesIterations, plan.rulesIteration, work.resolve("jmh-rules.txt"));
        String loadAfter = loadAverage();
        for (OwnerDecisionsBenchmarks.Score s : scores) {
            log(String.format(Locale.ROOT, "  %s: mean %.2f µs, p50 %.2f µs, p99 %.2f µs (%d calls; iteration means %.2f–%.2f µs)",
                s.scenario, s.mean, s.p50, s.p99, s.samples, s.lowestIteration, s.highestIteration));
            report.add(new Report.OwnerDecision(s.scenario, s.mean, s.p50, s.p99, s.p999, s.samples, s.medianIteration,
                s.lowestIteration, s.highestIteration));
        }
        report.ownerDecisionsSettings(how + "; load average (1 min) before " + loadBefore + ", after " + loadAfter);
    }

    /** The 1-minute load average of the machine: on a shared machine, what the other work was doing. */
    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void bulkImport(Plan plan, Path smtpy, String importJavaOptions, Path work, Report report) throws Exception {
        log("import: " + plan.importCounts + " aliases through the REST import task");
        try (TimestampingSink sink = TimestampingSink.start()) {
            SmtpyForwarder server = track(new SmtpyForwarder(smtpy, work.resolve("import"), importJavaOptions, SmtpyForwarder.Profile.SIGNING));
            try {
                server.startEmpty(sink.port());
                new ImportBenchmark(server, Bench::log).run(plan.importCounts, report);
            } finally {
                server.close();
            }
        }
    }

    private static void guard(Plan plan, Report report) throws Exception {
        GuardBenchmark.Settings settings = plan.name.equals("quick") ? GuardBenchmark.Settings.quick() : GuardBenchmark.Settings.full();
        log("guard: the same alias read and create with and without the /smtpy guard, in process (" + settings.describe() + ")");
        GuardBenchmark.Result result = new GuardBenchmark(settings, Bench::log).run();
        log("  guarded:   reads " + result.guarded.reads + "; creates " + String.format(Locale.ROOT, "%.0f/s", result.guarded.createsPerSecond)
            + ", " + result.guarded.creates);
        log("  unguarded: reads " + result.unguarded.reads + "; creates " + String.format(Locale.ROOT, "%.0f/s", result.unguarded.createsPerSecond)
            + ", " + result.unguarded.creates);
        result.componentNanos.forEach((name, nanos) -> log(String.format(Locale.ROOT, "  %s: %.0f ns", name, nanos)));
        report.add(new Report.Guard(settings.describe(), result.guarded.reads.samples, millis(result.guarded.reads),
            millis(result.unguarded.reads), result.guarded.creates.samples, result.connections, result.guarded.createsPerSecond,
            result.unguarded.createsPerSecond, millis(result.guarded.creates), millis(result.unguarded.creates),
            result.guarded.failures + result.unguarded.failures, result.auditEntries, result.auditChainValid, result.componentNanos));
    }

    private static double[] millis(GuardBenchmark.Latencies latencies) {
        return new double[] {latencies.p50, latencies.p99, latencies.p999, latencies.mean};
    }

    /** Prints one progress line with the time since start. */
    static void log(String line) {
        System.out.printf(Locale.ROOT, "[%4.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, line);
        System.out.flush();
    }

    /** Stopped by the shutdown hook if the run ends before its phase stops it. */
    static <T extends AutoCloseable> T track(T running) {
        synchronized (RUNNING) {
            RUNNING.add(running);
        }
        return running;
    }

    /**
     * On any exit (end, failure, Ctrl-C): stop whatever forwarder is still running, the last started first (a
     * forwarder before the store or the daemons it uses).
     */
    private static void closeAll() {
        synchronized (RUNNING) {
            List<AutoCloseable> lastFirst = new ArrayList<>(RUNNING);
            Collections.reverse(lastFirst);
            for (AutoCloseable running : lastFirst) {
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("bench: could not stop " + running + ": " + e);
                }
            }
        }
    }

    private static Set<String> option(List<String> arguments, String name, String fallback) {
        return new LinkedHashSet<>(Arrays.asList(single(arguments, name, fallback).split(",")));
    }

    private static String single(List<String> arguments, String name, String fallback) {
        int at = arguments.indexOf(name);
        return at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : fallback;
    }

    private static String environment(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String machine() {
        long memoryKb = 0;
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    memoryKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            memoryKb = 0;
        }
        return String.format(Locale.ROOT, "%d cores, %.0f GiB, %s %s", Runtime.getRuntime().availableProcessors(),
            memoryKb / 1024.0 / 1024.0, System.getProperty("os.name"), System.getProperty("os.version"));
    }

    /** The installed version of a Debian package, or "not installed". */
    private static String packageVersion(String name) {
        try {
            Process query = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", name).redirectErrorStream(true).start();
            String version = new String(query.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            query.waitFor();
            return query.exitValue() == 0 && !version.isEmpty() ? version : "not installed";
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String postfixVersion() {
        try {
            Process postconf = new ProcessBuilder("postconf", "-h", "mail_version").redirectErrorStream(true).start();
            String version = new String(postconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            postconf.waitFor();
            return postconf.exitValue() == 0 ? version : "not installed";
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
