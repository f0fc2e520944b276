package io.smtpy.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smtpy.dns.testing.Dnsmasq;
import io.smtpy.dns.testing.LossyUdpRelay;
import io.smtpy.server.SmtpGateway;
import io.smtpy.server.SmtpyServer;
import io.smtpy.server.SmtpyServerSettings;

/**
 * The embedded server started in the test JVM with the shipped configuration (RemoteDelivery retrying every
 * second, three times), all its outbound mail going to an {@link SmtpSink} through the gateway setting, its DNS
 * questions (SPF, DKIM keys, DMARC policies, the onboarding check) going to a dnsmasq of its own that serves the
 * records the test gives (names under {@code .test}; everything else is NXDOMAIN), and optionally a test clock in
 * place of James's.
 */
public final class ServerWithSink implements AutoCloseable {
    private static final String READY_RECORD = "--txt-record=ready.smtpy.test,ready";

    private final GuiceJamesServer server;
    private final SmtpSink sink;
    private Dnsmasq dns;
    private final Optional<LossyUdpRelay> relay;
    private final int smtpPort;
    private final RequestSpecification api;

    private final java.nio.file.Path data;

    private ServerWithSink(GuiceJamesServer server, SmtpSink sink, Dnsmasq dns, Optional<LossyUdpRelay> relay, java.nio.file.Path data) {
        this.data = data;
        this.server = server;
        this.sink = sink;
        this.dns = dns;
        this.relay = relay;
        this.smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        this.api = new RequestSpecBuilder()
            .setPort(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue())
            .setContentType(ContentType.JSON)
            .addHeader("Authorization", OperatorKey.bearer(data))
            .build();
    }

    public java.nio.file.Path dataDirectory() {
        return data;
    }

    /** An instance from the running server's injector (the mail queues, say), for tests that look inside it. */
    public <T> T instance(Class<T> type) {
        return server.getProbe(InjectorProbe.class).injector().getInstance(type);
    }

    public int webAdminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    public static ServerWithSink start(Path temporary, Optional<Clock> clock) throws Exception {
        return start(temporary, clock, List.of(), "");
    }

    /**
     * @param dnsRecords dnsmasq options such as {@code --txt-record=example.test,"v=spf1 -all"}
     * @param smtpyProperties lines appended to the shipped smtpy.properties
     */
    public static ServerWithSink start(Path temporary, Optional<Clock> clock, List<String> dnsRecords,
                                       String smtpyProperties) throws Exception {
        return start(temporary, clock, dnsRecords, smtpyProperties, false);
    }

    /**
     * @param throughLossyRelay whether the server's resolver is a {@link LossyUdpRelay} in front of the dnsmasq
     *     (see {@link #lossyRelay()}), to lose the queries a test chooses
     */
    public static ServerWithSink start(Path temporary, Optional<Clock> clock, List<String> dnsRecords,
                                       String smtpyProperties, boolean throughLossyRelay) throws Exception {
        return start(temporary, clock, dnsRecords, smtpyProperties, throughLossyRelay, "1 second", 3, java.time.Duration.ZERO);
    }

    /**
     * @param retryDelay RemoteDelivery's delay between attempts ({@code 1 minute}), {@code retries} times
     * @param sinkDelay how long the sink takes per message from the start ({@link SmtpSink#slowDown})
     */
    public static ServerWithSink start(Path temporary, Optional<Clock> clock, List<String> dnsRecords, String smtpyProperties,
                                       boolean throughLossyRelay, String retryDelay, int retries,
                                       java.time.Duration sinkDelay) throws Exception {
        List<String> records = new ArrayList<>(dnsRecords);
        records.add(READY_RECORD);
        Dnsmasq dns = Dnsmasq.start(records, "ready.smtpy.test");
        Optional<LossyUdpRelay> relay = throughLossyRelay ? Optional.of(LossyUdpRelay.inFrontOf(dns.port())) : Optional.empty();
        int resolverPort = relay.map(LossyUdpRelay::port).orElse(dns.port());
        int sinkPort = FreePorts.pick();
        SmtpSink sink = SmtpSink.start(sinkPort);
        sink.slowDown(sinkDelay);
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf"))
            .remoteDeliveryRetryEvery(retryDelay, retries)
            .smarthostRetryEvery("1 second", 20)
            .directory();
        Files.writeString(configuration.resolve("smtpy.properties"), "\ndns.resolver=127.0.0.1:" + resolverPort + "\n"
            + "dns.timeoutMillis=1000\n" + smtpyProperties + "\n", StandardOpenOption.APPEND);
        GuiceJamesServer server = SmtpyServer.create(SmtpyServerSettings.builder()
            .dataDirectory(temporary.resolve("data"))
            .configurationDirectory(configuration)
            .anyFreePorts()
            .gateway(SmtpGateway.parse("127.0.0.1:" + sinkPort))
            .build());
        if (clock.isPresent()) {
            server = server.overrideWith(binder -> binder.bind(Clock.class).toInstance(clock.get()));
        }
        server = server.combineWith(binder -> com.google.inject.multibindings.Multibinder
            .newSetBinder(binder, org.apache.james.utils.GuiceProbe.class).addBinding().to(InjectorProbe.class));
        try {
            server.start();
        } catch (Exception e) {
            sink.close();
            relay.ifPresent(LossyUdpRelay::close);
            dns.close();
            throw e;
        }
        return new ServerWithSink(server, sink, dns, relay, temporary.resolve("data"));
    }

    /**
     * Serves these records from now on instead of the ones given at start (dnsmasq restarted on the same port, so the
     * server's resolver setting stays right).
     */
    public synchronized void replaceDnsRecords(List<String> records) throws Exception {
        List<String> all = new ArrayList<>(records);
        all.add(READY_RECORD);
        dns = dns.restartWith(all, "ready.smtpy.test");
    }

    /** The relay the server's DNS questions go through, when started with one. */
    public LossyUdpRelay lossyRelay() {
        return relay.orElseThrow(() -> new IllegalStateException("started without a lossy relay"));
    }

    /** The port of the dnsmasq the server asks (not the lossy relay's), for independent checkers to ask too. */
    public synchronized int dnsPort() {
        return dns.port();
    }

    public SmtpSink sink() {
        return sink;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The submission server's port (STARTTLS), as James bound it. */
    public int submissionPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpStartTlsPort().getValue();
    }

    /** The implicit-TLS submission server's port, as James bound it. */
    public int smtpsPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpSslPort().getValue();
    }

    /** WebAdmin, JSON bodies. */
    public RequestSpecification api() {
        return api;
    }

    @Override
    public void close() {
        server.stop();
        sink.close();
        relay.ifPresent(LossyUdpRelay::close);
        synchronized (this) {
            dns.close();
        }
    }
}
