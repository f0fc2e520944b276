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
import java.util.Set;
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
 * records are published there), and the plain profile adds {@code auth.inboundChecks=false}; further lines may be
 * given (a key they set replaces the shipped file's line for it).
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
    /**
     * The secrets a node generates into its data directory when no property sets them (SRS, DKIM master key, domain
     * verification, rules): the nodes of one store must share them, as {@code ./smtpy cluster} sees to.
     */
    private static final List<String> GENERATED_SECRETS = List.of("smtpy/srs-secret", "smtpy/dkim-master-key",
        "smtpy/verification-secret", "smtpy/rules-secret");

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
    private SmtpyForwarder first;

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

    /**
     * Before {@link #start}: this node shares {@code first}'s store (the same Cassandra keyspace), where {@code first}
     * created the domain and its aliases. {@link #start} then checks that this node serves them rather than creating
     * them again (a second PUT of the domain is a 409), after copying the secrets {@code first} generated into its data
     * directory into this node's (any that properties such as {@code srs.secrets} set are not generated).
     */
    public void joins(SmtpyForwarder first) {
        this.first = first;
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
        if (first != null) {
            copySecretsOf(first);
            launch(sinkPort, configuration());
            checkAliasesServed();
            return;
        }
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

    private void copySecretsOf(SmtpyForwarder node) throws IOException {
        for (String secret : GENERATED_SECRETS) {
            Path source = node.workDirectory.resolve("data").resolve(secret);
            if (Files.isRegularFile(source)) {
                Path target = workDirectory.resolve("data").resolve(secret);
                Files.createDirectories(target.getParent());
                // COPY_ATTRIBUTES: the file stays readable by its owner only.
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** A node joining another's store must find the domain's aliases there. */
    private void checkAliasesServed() throws IOException {
        for (int destinations : new int[] {ONE, THREE}) {
            String path = "/smtpy/domains/" + DOMAIN + "/aliases/" + localPart(destinations);
            try {
                webAdmin().get(path);
            } catch (IOException e) {
                throw new IOException(name() + " does not serve the aliases " + first.name() + " created in the store they share: " + e.getMessage(), e);
            }
        }
        keys = "those of " + first.name();
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
        List<String> settings = new ArrayList<>(List.of("dns.resolver=" + dns.resolver()));
        settings.addAll(profile.properties);
        settings.addAll(moreProperties);
        Set<String> overridden = settings.stream().map(SmtpyForwarder::propertyKey).collect(Collectors.toSet());
        // A key written twice is a list whose first value counts (the shipped file says storage=embedded): its line goes.
        Path file = conf.resolve("smtpy.properties");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .filter(line -> !overridden.contains(propertyKey(line)))
            .collect(Collectors.toList());
        lines.addAll(List.of("", "# bench (SmtpyForwarder, " + name + ", profile " + profile.systemName + ")"));
        lines.addAll(settings);
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return conf;
    }

    /** The key of a properties line ("" for a comment or a blank line). */
    private static String propertyKey(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
            return "";
        }
        return trimmed.split("[=:]", 2)[0].trim();
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
