package io.smtpy.bundle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.helper.SimpleMessageListenerAdapter;
import org.subethamail.smtp.server.SMTPServer;

import io.restassured.http.ContentType;

/**
 * The drop-in promise: a stock James 3.8.1 ({@code org.apache.james.MemoryJamesServerMain}, in its own JVM,
 * with nothing of smtpy on its classpath) loads smtpy from {@code extensions-jars/} plus our {@code conf/},
 * serves smtpy's routes with the embedded (SQLite) store, and forwards mail through smtpy's RCPT hook and mailets.
 */
class DropInIT {
    /** Given to the stock James through SMTPY_OPERATOR_KEY, as an operator would in a container. */
    private static final String OPERATOR_KEY = "drop-in-operator-key-0123456789abcdefghijkl";
    @TempDir
    static Path workDir;

    private static Process james;
    private static int smtpPort;
    private static int submissionPort;
    private static int webAdminPort;
    private static SMTPServer sink;
    private static final List<String> delivered = new CopyOnWriteArrayList<>();
    private static Path log;

    @BeforeAll
    static void startStockJames() throws Exception {
        Path extensions = Paths.get(System.getProperty("smtpy.extensions.dir"));
        Path conf = Paths.get(System.getProperty("smtpy.conf.dir"));
        String classpath = Files.readString(Paths.get(System.getProperty("smtpy.stock.classpath"))).trim();
        assertThat(classpath).doesNotContain("smtpy").doesNotContain("sqlite");

        Path extensionsJars = Files.createDirectories(workDir.resolve("extensions-jars"));
        try (Stream<Path> jars = Files.list(extensions)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, extensionsJars.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path targetConf = Files.createDirectories(workDir.resolve("conf"));
        try (Stream<Path> files = Files.list(conf)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, targetConf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        smtpPort = freePort();
        webAdminPort = freePort();
        int sinkPort = freePort();
        sink = new SMTPServer(new SimpleMessageListenerAdapter(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                return true;
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) throws IOException {
                delivered.add(from + " -> " + recipient + "\n" + new String(data.readAllBytes(), StandardCharsets.UTF_8));
            }
        }));
        sink.setBindAddress(InetAddress.getLoopbackAddress());
        sink.setPort(sinkPort);
        sink.start();
        Path mailetContainer = targetConf.resolve("mailetcontainer.xml");
        Files.writeString(mailetContainer, Files.readString(mailetContainer).replace("<bounceProcessor>bounces</bounceProcessor>",
            "<bounceProcessor>bounces</bounceProcessor><gateway>127.0.0.1</gateway><gatewayPort>" + sinkPort + "</gatewayPort>"));
        Path smtpServer = targetConf.resolve("smtpserver.xml");
        // The MX first, then the submission servers, each on a port of its own.
        Matcher bind = Pattern.compile("<bind>[^<]*</bind>").matcher(Files.readString(smtpServer));
        StringBuilder binds = new StringBuilder();
        submissionPort = freePort();
        List<Integer> ports = new ArrayList<>(List.of(smtpPort, submissionPort));
        for (int index = 0; bind.find(); index++) {
            if (index >= ports.size()) {
                ports.add(freePort());
            }
            bind.appendReplacement(binds, "<bind>127.0.0.1:" + ports.get(index) + "</bind>");
        }
        bind.appendTail(binds);
        Files.writeString(smtpServer, binds.toString());
        generateCertificate(Files.createDirectories(targetConf.resolve("tls")));
        Path webadmin = targetConf.resolve("webadmin.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(webadmin)) {
            properties.load(in);
        }
        properties.setProperty("port", String.valueOf(webAdminPort));
        try (OutputStream out = Files.newOutputStream(webadmin)) {
            properties.store(out, "drop-in test");
        }

        log = workDir.resolve("james.log");
        List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-Dworking.directory=" + workDir,
            "-Dlogback.configurationFile=" + targetConf.resolve("logback.xml"),
            "-cp", classpath,
            "org.apache.james.MemoryJamesServerMain"));
        ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("SMTPY_OPERATOR_KEY", OPERATOR_KEY);
        james = builder.start();

        // Generous: a stock James starts in about 20 s on 2 idle cores, several times that on a loaded machine.
        try {
            Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(james.isAlive()).as("stock James exited early; see %s:%n%s", log, tail()).isTrue();
                try (Socket socket = new Socket("127.0.0.1", webAdminPort)) {
                    return given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).get("/smtpy/domains").statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("stock James did not serve /smtpy/domains in time; its log ends with:\n" + tail(), e);
        }
    }

    /**
     * The PEM pair the submission servers of our smtpserver.xml read ({@code conf/tls/}): a stock James does not
     * start without it. Made as an operator would, with OpenSSL (a PKCS#8 key, not encrypted).
     */
    private static void generateCertificate(Path tls) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", tls.resolve("smtpy-key.pem").toString(),
            "-out", tls.resolve("smtpy-cert.pem").toString())
            .redirectErrorStream(true)
            .start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as("openssl req: %s", output).isZero();
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (james != null) {
            james.destroy();
            james.waitFor();
        }
        if (sink != null) {
            sink.stop();
        }
    }

    @Test
    void stockJamesShouldForwardMailThroughSmtpysHookAndMailets() throws Exception {
        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).put("/smtpy/domains/forward.example").then().statusCode(201);
        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).contentType(ContentType.JSON).body("{\"destinations\": [\"owner@dest.example\"]}")
            .put("/smtpy/domains/forward.example/aliases/hello").then().statusCode(201);

        try (Socket socket = new Socket("127.0.0.1", smtpPort);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(reply(in)).startsWith("220");
            assertThat(command(out, in, "EHLO client.example")).startsWith("250");
            assertThat(command(out, in, "MAIL FROM:<author@origin.example>")).startsWith("250");
            assertThat(command(out, in, "RCPT TO:<nobody@forward.example>")).startsWith("550 5.1.1");
            assertThat(command(out, in, "RCPT TO:<hello@forward.example>")).startsWith("250");
            assertThat(command(out, in, "DATA")).startsWith("354");
            assertThat(command(out, in, "Subject: drop-in\r\n\r\nForwarded by a stock James.\r\n.")).startsWith("250");
            command(out, in, "QUIT");
        }

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !delivered.isEmpty());
        assertThat(delivered.get(0)).matches("(?is)SRS0=[a-z2-7]{8}=[a-z2-7]{2}=origin\\.example=author@forward\\.example -> owner@dest\\.example\n.*Forwarded by a stock James.*");
    }

    @Test
    void stockJamesShouldOfferStartTlsOnTheSubmissionPort() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", submissionPort);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(reply(in)).startsWith("220");

            assertThat(command(out, in, "EHLO client.example")).containsPattern("(?m)^250[- ]STARTTLS$").doesNotContain("AUTH");
            command(out, in, "QUIT");
        }
    }

    private static String command(Writer out, BufferedReader in, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        return reply(in);
    }

    /** The whole reply, its lines joined with newlines. */
    private static String reply(BufferedReader in) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            reply.append(line).append('\n');
            line = in.readLine();
        }
        return reply.append(line).toString();
    }

    @Test
    void stockJamesShouldServeSmtpyRoutesFromTheBundle() {
        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).put("/smtpy/domains/example.com").then().statusCode(201);
        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).contentType(ContentType.JSON).body("{\"destinations\": [\"jane@dest.example\"]}")
            .put("/smtpy/domains/example.com/aliases/info").then().statusCode(201);

        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).get("/smtpy/domains/example.com/resolve/info").then()
            .statusCode(200)
            .body("outcome", equalTo("exact"))
            .body("destinations", contains("jane@dest.example"));
    }

    @Test
    void stockJamesShouldServeTheWebPanelFromTheBundle() {
        given().port(webAdminPort).get("/smtpy/panel/").then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/html"))
            .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'"))
            .body(org.hamcrest.Matchers.containsString("rel=\"manifest\""));
        given().port(webAdminPort).get("/smtpy/panel/manifest.webmanifest").then()
            .statusCode(200)
            .contentType("application/manifest+json");
    }

    @Test
    void bundleShouldStoreInTheEmbeddedDatabaseUnderJamesVarDirectory() {
        given().port(webAdminPort).header("Authorization", "Bearer " + OPERATOR_KEY).put("/smtpy/domains/stored.example").then().statusCode(201);

        assertThat(workDir.resolve("var/smtpy/smtpy.db")).exists();
    }
}
