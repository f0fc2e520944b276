package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Debian's Postfix as a private instance: configuration, queue and data directories of its own under the run
 * directory (templates in {@code src/main/resources/postfix/}), {@code virtual_alias_maps} for the aliases and a
 * {@code relayhost} pointing at the sink. Needs root (Postfix's master runs as root and drops to {@code postfix}).
 *
 * <p>Postfix is a family of processes under one {@code master}: its CPU time is the master's, plus that of its
 * children that ended (the master waits for them), plus that of the live children; its memory is the sum of the
 * proportional set sizes (shared pages divided among the sharers), and its peak the highest sum seen.
 */
public final class PostfixForwarder implements Forwarder {
    static final String DOMAIN = "postfix-bench.example";
    private static final Path POSTFIX = Paths.get("/usr/sbin/postfix");
    private static final Path POSTMAP = Paths.get("/usr/sbin/postmap");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path directory;
    private final String name;
    private final String domain;
    private final String extraConfiguration;
    private final String extraServices;
    private int smtpPort;
    private long masterPid = -1;
    private volatile long peakKb;

    public PostfixForwarder(Path directory) {
        this(directory, "postfix", DOMAIN, "");
    }

    /** A Postfix instance named {@code name} for tables, forwarding {@code domain}, with lines added to its main.cf. */
    PostfixForwarder(Path directory, String name, String domain, String extraConfiguration) {
        this(directory, name, domain, extraConfiguration, "");
    }

    /** The same, with services added to its master.cf (the submission phase's submission and smtps servers). */
    PostfixForwarder(Path directory, String name, String domain, String extraConfiguration, String extraServices) {
        this.directory = directory;
        this.name = name;
        this.domain = domain;
        this.extraConfiguration = extraConfiguration;
        this.extraServices = extraServices;
    }

    /** Why this machine cannot run the Postfix forwarder, or null when it can. */
    public static String unavailableBecause() {
        if (!Files.isExecutable(POSTFIX)) {
            return "Postfix is not installed (apt-get install postfix)";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "a private Postfix instance needs root";
        }
        return null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        smtpPort = Ports.free();
        Path etc = Files.createDirectories(directory.resolve("etc"));
        Files.createDirectories(directory.resolve("queue"));
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.setOwner(data, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
        Map<String, String> values = Map.of("@DIR@", directory.toString(), "@SMTP_PORT@", Integer.toString(smtpPort),
            "@SINK_PORT@", Integer.toString(sinkPort), "@DOMAIN@", domain);
        Files.writeString(etc.resolve("main.cf"), Templates.render("postfix/main.cf", values) + extraConfiguration);
        Files.writeString(etc.resolve("master.cf"), Templates.render("postfix/master.cf", values) + extraServices);
        StringBuilder virtual = new StringBuilder();
        for (int destinations : new int[] {ONE, THREE}) {
            virtual.append(alias(destinations)).append(' ')
                .append(IntStream.rangeClosed(1, destinations).mapToObj(Forwarder::destination).collect(Collectors.joining(", ")))
                .append('\n');
        }
        Files.writeString(etc.resolve("virtual"), virtual.toString());
        run(POSTMAP.toString(), "-c", etc.toString(), "hash:" + etc.resolve("virtual"));
        run(POSTFIX.toString(), "-c", etc.toString(), "start");
        masterPid = Long.parseLong(Files.readString(directory.resolve("queue/pid/master.pid"), StandardCharsets.US_ASCII).trim());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Ports.smtpGreets(smtpPort)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Postfix did not greet on port " + smtpPort + "; see " + directory.resolve("maillog"));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public int smtpPort() {
        return smtpPort;
    }

    @Override
    public String alias(int destinations) {
        return "bench" + destinations + "@" + domain;
    }

    @Override
    public long cpuTicks() {
        return ProcessStats.familyCpuTicks(masterPid);
    }

    @Override
    public long residentKb() {
        long total = ProcessStats.familyProportionalKb(masterPid);
        peakKb = Math.max(peakKb, total);
        return total;
    }

    @Override
    public long peakResidentKb() {
        residentKb();
        return peakKb;
    }

    @Override
    public void close() {
        if (masterPid < 0 || !ProcessStats.isAlive(masterPid)) {
            return;
        }
        String etc = directory.resolve("etc").toString();
        try {
            run(POSTFIX.toString(), "-c", etc, "stop");
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (ProcessStats.isAlive(masterPid) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (ProcessStats.isAlive(masterPid)) {
                run(POSTFIX.toString(), "-c", etc, "abort");
            }
        } catch (IOException e) {
            System.err.println("postfix: stop failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        Path log = directory.resolve("commands.log");
        Process process = new ProcessBuilder(List.of(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "; see " + log);
        }
    }
}
