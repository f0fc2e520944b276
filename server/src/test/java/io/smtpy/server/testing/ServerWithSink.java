package io.smtpy.server.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.SmtpGateway;
import io.smtpy.server.SmtpyServer;
import io.smtpy.server.SmtpyServerSettings;

/**
 * The embedded server started in the test JVM with the shipped configuration (RemoteDelivery retrying every
 * second, three times), all its outbound mail going to an {@link SmtpSink} through the gateway setting, and
 * optionally a test clock in place of James's.
 */
public final class ServerWithSink implements AutoCloseable {
    private final GuiceJamesServer server;
    private final SmtpSink sink;
    private final int smtpPort;
    private final RequestSpecification api;

    private ServerWithSink(GuiceJamesServer server, SmtpSink sink) {
        this.server = server;
        this.sink = sink;
        this.smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        this.api = new RequestSpecBuilder()
            .setPort(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue())
            .setContentType(ContentType.JSON)
            .build();
    }

    public static ServerWithSink start(Path temporary, Optional<Clock> clock) throws Exception {
        int sinkPort = FreePorts.pick();
        SmtpSink sink = SmtpSink.start(sinkPort);
        Path configuration = TestConfiguration.copyOfShipped(temporary.resolve("conf"))
            .remoteDeliveryRetryEvery("1 second", 3)
            .directory();
        GuiceJamesServer server = SmtpyServer.create(SmtpyServerSettings.builder()
            .dataDirectory(temporary.resolve("data"))
            .configurationDirectory(configuration)
            .smtpPort(0)
            .webAdminPort(0)
            .gateway(SmtpGateway.parse("127.0.0.1:" + sinkPort))
            .build());
        if (clock.isPresent()) {
            server = server.overrideWith(binder -> binder.bind(Clock.class).toInstance(clock.get()));
        }
        try {
            server.start();
        } catch (Exception e) {
            sink.close();
            throw e;
        }
        return new ServerWithSink(server, sink);
    }

    public SmtpSink sink() {
        return sink;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** WebAdmin, JSON bodies. */
    public RequestSpecification api() {
        return api;
    }

    @Override
    public void close() {
        server.stop();
        sink.close();
    }
}
