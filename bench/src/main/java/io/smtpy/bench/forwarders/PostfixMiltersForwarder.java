package io.smtpy.bench.forwarders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * The scanning reference of issue 14: the private Postfix instance of {@link PostfixForwarder} with Debian's two
 * milters, {@code spamass-milter} (SpamAssassin through spamc) and {@code clamav-milter}, asking the same spamd and
 * clamd as smtpy ({@link ScanDaemons}). Both milters run in the foreground on Unix sockets in the run directory, with
 * their own pid files and logs; Postfix calls them at the end of DATA, one after the other
 * ({@code src/main/resources/postfix-milters/main.cf}).
 *
 * <p>What they do, chosen to match smtpy's default policy where a milter can:
 * <ul>
 *   <li>spamass-milter: {@code -m} (headers only, no change to body or Subject: smtpy only adds fields);
 *       {@code -r 10}: refuses from score 10, where smtpy quarantines (a milter cannot quarantine; with clean mail
 *       neither happens). It adds SpamAssassin's {@code X-Spam-Status}, {@code X-Spam-Level}, and {@code X-Spam-Flag}
 *       from spamd's required score, 5, where smtpy tags. No {@code -i 127.0.0.1} (Debian's default skips loopback
 *       clients, and the bench's generator is one). It runs one {@code spamc} per mail.</li>
 *   <li>clamav-milter: {@code OnInfected Reject} (550 before the 250, as smtpy), {@code AddHeader Replace}
 *       ({@code X-Virus-Scanned}, {@code X-Virus-Status}), clamd over loopback TCP.</li>
 * </ul>
 *
 * <p>CPU and memory are those of Postfix's family and both milters (spamass-milter with its spamc children); spamd
 * and clamd are counted apart, for both systems alike.
 */
public final class PostfixMiltersForwarder extends PostfixWithHelpers {
    public static final String NAME = "postfix-milters";
    static final String DOMAIN = "postfix-milters-bench.example";
    private static final Path SPAMASS_MILTER = Paths.get("/usr/sbin/spamass-milter");
    private static final Path CLAMAV_MILTER = Paths.get("/usr/sbin/clamav-milter");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** spamass-milter's refusal score: smtpy's default quarantine threshold. */
    private static final String REJECT_SCORE = "10";

    private final ScanDaemons daemons;
    private ChildProcess spamassMilter;
    private ChildProcess clamavMilter;

    public PostfixMiltersForwarder(Path directory, ScanDaemons daemons) {
        super(directory, DOMAIN);
        this.daemons = daemons;
    }

    /** Why this machine cannot run this reference, or null when it can. */
    public static String unavailableBecause() {
        String postfix = PostfixForwarder.unavailableBecause();
        if (postfix != null) {
            return postfix;
        }
        for (Path program : List.of(SPAMASS_MILTER, CLAMAV_MILTER)) {
            if (!Files.isExecutable(program)) {
                return program.getFileName() + " is not installed (apt-get install spamass-milter clamav-milter)";
            }
        }
        return null;
    }

    /** How the milters are set up, for the results. */
    public static String describe() {
        return "spamass-milter -m -r " + REJECT_SCORE + " (headers only, refuse from " + REJECT_SCORE + "; tags from spamd's required 5), "
            + "clamav-milter OnInfected Reject, AddHeader Replace; Unix sockets, smtpd_milters in that order, milter_default_action tempfail";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        spamassMilter = startSpamassMilter();
        clamavMilter = startClamavMilter();
        Map<String, String> values = Map.of("@SPAMASS_SOCKET@", spamassSocket().toString(),
            "@CLAMAV_SOCKET@", clamavSocket().toString());
        startPostfix(sinkPort, Templates.render("postfix-milters/main.cf", values));
    }

    /**
     * spamass-milter in the foreground (no {@code -f}); its socket is made with the process's umask, so a shell sets
     * 000 first: Postfix's smtpd (user postfix) must connect to it. The arguments after {@code --} go to spamc.
     */
    private ChildProcess startSpamassMilter() throws IOException, InterruptedException {
        Path socket = spamassSocket();
        Files.deleteIfExists(socket);
        String command = "umask 000; exec " + SPAMASS_MILTER + " -p " + socket + " -P " + directory.resolve("spamass-milter.pid")
            + " -m -r " + REJECT_SCORE + " -- -d 127.0.0.1 -p " + daemons.spamdPort();
        ChildProcess process = helper(ChildProcess.start(List.of("/bin/sh", "-c", command), Map.of(), directory,
            directory.resolve("spamass-milter.log")));
        process.awaitReady("spamass-milter", START_TIMEOUT, () -> Files.exists(socket));
        return process;
    }

    private ChildProcess startClamavMilter() throws IOException, InterruptedException {
        Path socket = clamavSocket();
        Files.deleteIfExists(socket);
        Path configuration = directory.resolve("clamav-milter.conf");
        Files.writeString(configuration, Templates.render("scan/clamav-milter.conf", Map.of("@DIR@", directory.toString(),
            "@CLAMD_PORT@", Integer.toString(daemons.clamdPort()))));
        ChildProcess process = helper(ChildProcess.start(List.of(CLAMAV_MILTER.toString(), "-c", configuration.toString()), Map.of(),
            directory, directory.resolve("clamav-milter.console.log")));
        process.awaitReady("clamav-milter", START_TIMEOUT, () -> Files.exists(socket));
        return process;
    }

    private Path spamassSocket() {
        return directory.resolve("spamass-milter.sock");
    }

    private Path clamavSocket() {
        return directory.resolve("clamav-milter.sock");
    }

    /** The copy must carry spamass-milter's X-Spam-Status and clamav-milter's X-Virus-Status: both scanned it. */
    @Override
    public String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        String spam = delivery.field("X-Spam-Status");
        String virus = delivery.field("X-Virus-Status");
        if (spam == null || virus == null) {
            throw new IOException(NAME + ": the copy lacks " + (spam == null ? "X-Spam-Status (spamass-milter) " : "")
                + (virus == null ? "X-Virus-Status (clamav-milter) " : "") + "; see the milters' logs in " + directory
                + "; its header fields: " + delivery.headerLines);
        }
        return "both milters' fields on the copy";
    }

    /** spamass-milter and the spamc it runs per mail, in clock ticks. */
    public long spamassMilterCpuTicks() {
        return spamassMilter == null ? 0 : ProcessStats.familyCpuTicks(spamassMilter.pid());
    }

    public long clamavMilterCpuTicks() {
        return clamavMilter == null ? 0 : ProcessStats.familyCpuTicks(clamavMilter.pid());
    }
}
