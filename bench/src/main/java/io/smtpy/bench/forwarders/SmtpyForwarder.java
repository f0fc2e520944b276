package io.smtpy.bench.forwarders;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtpy.bench.smtp.TimestampingSink;

/**
 * smtpy's embedded server as the product ships it, with a copy of the repository's {@code conf/} (its JVM options,
 * the durable mail queue, the default SQLite store), relaying everything to the sink ({@code --gateway}), in one of two
 * {@link Profile}s: {@code smtpy}, doing all the work it promises (inbound checks, SRS, ARC seal and DKIM signature with
 * keys made active through the bench's DNS server), and {@code smtpy-plain}, forwarding with SRS only.
 *
 * <p>The copy of {@code conf/} differs from the repository's in {@code smtpy.properties} only: {@code dns.resolver} points
 * at the bench's {@link BenchDns} (both profiles: the inbound checks get definite answers at once, and the DKIM keys'
 * records are published there), and the plain profile adds {@code auth.inboundChecks=false}.
 *
 * <p>Started with the command {@code ./smtpy run} ends in ({@code exec java $JAVA_OPTS -cp
 * server/target/smtpy-server-*.jar:server/target/lib/* io.smtpy.server.SmtpyServerMain}), not through the
 * launcher: the launcher rebuilds the product whenever any file under the repository is newer than its last
 * build, bench sources included, and that build would land inside the measured start. {@code bench/run.sh}
 * runs the launcher's build check itself beforehand.
 */
public final class SmtpyForwarder extends JvmForwarder {
    static final String DOMAIN = "smtpy-bench.example";
    /** The load generator's envelope sender domain (client.example), answered by the bench's DNS server. */
    private static final String SENDER_DOMAIN = "client.example";
    private static final String DKIM_SIGNATURE = "DKIM-Signature";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(2);

    /** What the bench's smtpy does to the mail it forwards. */
    public enum Profile {
        /** Everything smtpy promises: inbound checks (SPF, DKIM, DMARC, ARC), SRS, an ARC set and a DKIM signature. */
        SIGNING("smtpy", "inbound checks, SRS, ARC and DKIM with active keys", List.of(), null),
        /** Forwarding with SRS only: inbound checks off, and the domain's copies carry neither ARC nor DKIM. */
        PLAIN("smtpy-plain", "forwarding and SRS; inbound checks, ARC and DKIM off", List.of("auth.inboundChecks=false"),
            "{\"forwardedSignatures\":\"none\"}"),
        /**
         * {@link #SIGNING} with mail events off ({@code events.enabled=false}): against {@code smtpy}, which records every
         * step at full detail, what recording costs the mail path (issue 15). Not in the default systems.
         */
        NO_EVENTS("smtpy-noevents", "as smtpy, with mail events off (events.enabled=false)", List.of("events.enabled=false"), null);

        private final String systemName;
        private final String description;
        final List<String> properties;
        final String domainBody;

        Profile(String systemName, String description, List<String> properties, String domainBody) {
            this.systemName = systemName;
            this.description = description;
            this.properties = properties;
            this.domainBody = domainBody;
        }

        /** The system's name in the results: smtpy, smtpy-plain. */
        public String systemName() {
            return systemName;
        }

        public String description() {
            return description;
        }

        /** Whether the domain's keys are made active and copies must carry its DKIM signature and ARC set. */
        boolean signs() {
            return this != PLAIN;
        }
    }

    private final Path repository;
    private final Profile profile;
    private final String name;
    private final List<String> moreProperties;
    private BenchDns dns;
    private String keys = "none";
    private int submissionPort;
    private int smtpsPort;
    private List<String> tlsArguments = List.of();

    public SmtpyForwarder(Path repository, Path workDirectory, String javaOptions, Profile profile) {
        this(repository, workDirectory, javaOptions, profile, profile.systemName, List.of());
    }

    /**
     * A server of the profile under another name, with more lines appended to its {@code smtpy.properties} (the scan
     * phase: {@code spamd.address}, {@code clamd.address}).
     */
    public SmtpyForwarder(Path repository, Path workDirectory, String javaOptions, Profile profile, String name,
                          List<String> moreProperties) {
        super(workDirectory, javaOptions);
        this.repository = repository;
        this.profile = profile;
        this.name = name;
        this.moreProperties = List.copyOf(moreProperties);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Before {@link #start}: the submission servers on these ports (STARTTLS, implicit TLS) with this certificate and key
     * ({@code --tls-cert}, {@code --tls-key}), for the submission phase. Otherwise they get any free ports and the
     * server's own certificate.
     */
    public void submission(int submissionPort, int smtpsPort, Path certificate, Path key) {
        this.submissionPort = submissionPort;
        this.smtpsPort = smtpsPort;
        this.tlsArguments = List.of("--tls-cert", certificate.toString(), "--tls-key", key.toString());
    }

    /** The domain the server forwards and its credentials send as. */
    public String domain() {
        return DOMAIN;
    }

    /** Starts the server without any alias and with the repository's own conf/, for the import benchmark. */
    public void startEmpty(int sinkPort) throws IOException, InterruptedException {
        launch(sinkPort, repository.resolve("conf"));
    }

    private void launch(int sinkPort, Path conf) throws IOException, InterruptedException {
        int smtpPort = Ports.free();
        int webAdminPort = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptionList());
        command.addAll(List.of("-cp", serverClassPath(), "io.smtpy.server.SmtpyServerMain",
            "--data", workDirectory.resolve("data").toString(),
            "--conf", conf.toString(),
            "--smtp-port", Integer.toString(smtpPort),
            "--webadmin-port", Integer.toString(webAdminPort),
            // Unless the submission phase set them: any free ports, so runs side by side never clash.
            "--submission-port", Integer.toString(submissionPort),
            "--smtps-port", Integer.toString(smtpsPort),
            "--gateway", "127.0.0.1:" + sinkPort));
        command.addAll(tlsArguments);
        launch(command, Map.of("MALLOC_ARENA_MAX", "2", "SMTPY_OPERATOR_KEY", WebAdmin.OPERATOR_KEY), repository, smtpPort, webAdminPort, "/smtpy/domains");
    }

    /**
     * The JVM options {@code ./smtpy run} uses when JAVA_OPTS is not set: the lines of {@code conf/jvm.options}
     * without comments (empty when the checkout has no such file).
     */
    public static String shippedJavaOptions(Path repository) throws IOException {
        Path file = repository.resolve("conf/jvm.options");
        if (!Files.isRegularFile(file)) {
            return "";
        }
        return Files.readAllLines(file).stream()
            .map(line -> line.replaceAll("#.*", "").trim())
            .filter(line -> !line.isEmpty())
            .collect(Collectors.joining(" "));
    }

    /** The launcher's class path: the server jar, then every jar of {@code server/target/lib}. */
    private String serverClassPath() throws IOException {
        Path target = repository.resolve("server/target");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("smtpy-server-") && name.endsWith(".jar") && !name.contains("-tests") && !name.contains("-sources");
            }).findFirst().orElseThrow(() -> new IOException("no smtpy-server jar in " + target + "; run ./smtpy build"));
            return jar + File.pathSeparator + target.resolve("lib") + File.separator + "*";
        }
    }

    @Override
    public void start(int sinkPort) throws IOException, InterruptedException {
        dns = BenchDns.start(workDirectory.resolve("dns"), senderRecords());
        launch(sinkPort, configuration());
        webAdmin().put("/smtpy/domains/" + DOMAIN, profile.domainBody);
        for (int destinations : new int[] {ONE, THREE}) {
            String list = IntStream.rangeClosed(1, destinations)
                .mapToObj(i -> "\"" + Forwarder.destination(i) + "\"")
                .collect(Collectors.joining(","));
            webAdmin().put("/smtpy/domains/" + DOMAIN + "/aliases/" + localPart(destinations), "{\"destinations\":[" + list + "]}");
        }
        if (profile.signs()) {
            activateKeys();
        }
    }

    /**
     * SPF and DMARC of the sender's domain (the generator sends from 127.0.0.1 as sender@client.example: SPF passes,
     * DMARC p=none), SPF and MX of the bench domain: every answer the mail path asks for is definite and at hand.
     */
    private static List<String> senderRecords() {
        return List.of(
            BenchDns.txt(SENDER_DOMAIN, "v=spf1 ip4:127.0.0.1 -all"),
            BenchDns.txt("_dmarc." + SENDER_DOMAIN, "v=DMARC1; p=none"),
            BenchDns.txt(DOMAIN, "v=spf1 ip4:127.0.0.1 -all"),
            "--mx-host=" + SENDER_DOMAIN + ",mx." + SENDER_DOMAIN + ",10",
            "--mx-host=" + DOMAIN + ",mx." + DOMAIN + ",10",
            "--host-record=mx." + SENDER_DOMAIN + ",127.0.0.1",
            "--host-record=mx." + DOMAIN + ",127.0.0.1");
    }

    /** A copy of the repository's conf/ whose smtpy.properties points at the bench's DNS server (and the profile's settings). */
    private Path configuration() throws IOException {
        Path source = repository.resolve("conf");
        Path conf = Files.createDirectories(workDirectory.resolve("conf"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        List<String> lines = new ArrayList<>(List.of("", "# bench (SmtpyForwarder, " + name + ", profile " + profile.systemName + ")",
            "dns.resolver=" + dns.resolver()));
        lines.addAll(profile.properties);
        lines.addAll(moreProperties);
        Files.write(conf.resolve("smtpy.properties"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return conf;
    }

    /**
     * The domain's keys are made pending at its creation: their TXT records go into the bench's DNS server, then a
     * rotation run (which activates a pending key once DNS shows it) makes them active. Fails when no key signs after.
     */
    private void activateKeys() throws IOException, InterruptedException {
        String path = "/smtpy/domains/" + DOMAIN + "/dkim/keys";
        List<String> records = new ArrayList<>(senderRecords());
        for (JsonNode key : JSON.readTree(webAdmin().get(path))) {
            if (!key.path("txtRecord").isNull() && !key.path("txtRecord").isMissingNode()) {
                records.add(BenchDns.txt(key.path("recordName").asText(), key.path("txtRecord").asText()));
            }
        }
        dns.publish(records);
        String taskId = JSON.readTree(webAdmin().post(path + "?action=rotate", "application/json", new byte[0])).path("taskId").asText();
        webAdmin().get("/tasks/" + taskId + "/await?timeout=" + TASK_TIMEOUT.toSeconds() + "seconds");
        List<String> signing = new ArrayList<>();
        for (JsonNode key : JSON.readTree(webAdmin().get(path))) {
            if (key.path("signing").asBoolean()) {
                signing.add(key.path("selector").asText() + " (" + key.path("algorithm").asText() + ", " + key.path("state").asText() + ")");
            }
        }
        if (signing.isEmpty()) {
            throw new IOException(name() + ": no DKIM key of " + DOMAIN + " signs after publishing its records and a rotation run: "
                + webAdmin().get(path));
        }
        keys = String.join(", ", signing);
    }

    /**
     * The copy must leave with an SRS0 envelope sender of the bench domain; with signing active, an ARC set and a DKIM
     * signature of the domain; plain, neither. Says what it saw, the Authentication-Results field included (plain: its
     * presence means the inbound checks still ran).
     */
    @Override
    public String checkDelivery(TimestampingSink.Delivery delivery) throws IOException {
        String sender = delivery.envelopeSender();
        if (!sender.startsWith("SRS0=") || !sender.endsWith("@" + DOMAIN)) {
            throw new IOException(name() + ": the copy's envelope sender is not SRS0=…@" + DOMAIN + ": " + delivery.mailFrom);
        }
        boolean dkim = delivery.hasFieldFrom(DKIM_SIGNATURE, DOMAIN);
        boolean arc = delivery.hasFieldFrom("ARC-Seal", DOMAIN);
        boolean results = delivery.hasField("Authentication-Results");
        if (profile.signs() && !(dkim && arc)) {
            throw new IOException(name() + ": the copy lacks " + (dkim ? "" : "a DKIM-Signature ") + (arc ? "" : "an ARC-Seal ") + "of "
                + DOMAIN + "; its header fields: " + delivery.headerLines);
        }
        if (profile == Profile.PLAIN && (dkim || arc)) {
            throw new IOException(name() + ": the copy carries " + (dkim ? "a DKIM-Signature " : "") + (arc ? "an ARC-Seal " : "") + "of "
                + DOMAIN + " with forwardedSignatures=none");
        }
        return "envelope sender " + sender.replaceFirst("=[^@]*@", "=…@") + "; DKIM-Signature d=" + DOMAIN + ": " + (dkim ? "yes" : "no")
            + "; ARC-Seal d=" + DOMAIN + ": " + (arc ? "yes" : "no") + "; Authentication-Results: " + (results ? "yes" : "no")
            + "; DKIM keys signing: " + keys;
    }

    @Override
    public String alias(int destinations) {
        return localPart(destinations) + "@" + DOMAIN;
    }

    private static String localPart(int destinations) {
        return "bench" + destinations;
    }

    @Override
    protected void stopped() {
        if (dns != null) {
            dns.close();
        }
    }
}
