package io.smtpy.server;

import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;

import io.smtpy.server.queue.DurableMailQueueModule;

/**
 * Assembles the embedded smtpy server: James's memory server, as its stock main builds it, with the durable mail
 * queue in place of the in-memory one. smtpy itself is not installed here: James loads it from the configuration
 * ({@code extensions.properties}, {@code webadmin.properties}, {@code mailetcontainer.xml}), as it does when the
 * bundle is dropped into a stock James, so both run the same path.
 *
 * <p>Tests start the returned server in process and may override more bindings, for example
 * {@code SmtpyServer.create(settings).overrideWith(binder -> binder.bind(Clock.class).toInstance(clock))}.
 */
public final class SmtpyServer {
    private SmtpyServer() {
    }

    /**
     * Renders {@code <data>/conf} from the settings and returns the (not yet started) server, whose working
     * directory is the data directory.
     */
    public static GuiceJamesServer create(SmtpyServerSettings settings) throws InvalidSettingsException {
        EffectiveConfiguration.write(settings);
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(settings.dataDirectory().toFile())
            .build();
        return MemoryJamesServerMain.createServer(configuration)
            // What MemoryJamesServerMain.main adds as well; its JMX module is left out (jmx.properties says off).
            .combineWith(new FakeSearchMailboxModule())
            .overrideWith(new DurableMailQueueModule());
    }
}
