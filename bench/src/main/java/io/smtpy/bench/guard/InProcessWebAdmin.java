package io.smtpy.bench.guard;

import java.util.List;

import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;

import com.codahale.metrics.MetricRegistry;

/**
 * James's WebAdmin server in the bench JVM, on a free loopback port, as the product's Guice wiring builds it: the
 * Dropwizard metric factory, James's request logging filter, and no James authentication (the smtpy guard, when the
 * routes use it, does its own). Both servers of the guard benchmark are built here, so they differ only in their routes.
 */
final class InProcessWebAdmin implements AutoCloseable {
    private final WebAdminServer server;

    private InProcessWebAdmin(WebAdminServer server) {
        this.server = server;
    }

    static InProcessWebAdmin start(Routes... routes) {
        WebAdminConfiguration configuration = WebAdminConfiguration.builder()
            .enabled()
            .host("127.0.0.1")
            .port(new org.apache.james.webadmin.RandomPortSupplier())
            .corsDisabled()
            .build();
        // The constructor is protected (Guice builds it in the product): an empty subclass is the public way in.
        WebAdminServer server = new WebAdminServer(configuration, List.of(routes), new NoAuthenticationFilter(),
            new DropWizardMetricFactory(new MetricRegistry()), LoggingRequestFilter.create()) {
        };
        server.start();
        return new InProcessWebAdmin(server);
    }

    int port() {
        return server.getPort().getValue();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
