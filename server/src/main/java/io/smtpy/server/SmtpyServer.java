package io.smtpy.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.james.FakeSearchMailboxModule;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.slf4j.LoggerFactory;

import io.smtpy.server.queue.DurableMailQueueModule;

/**
 * Assembles the embedded smtpy server: James's memory server, as its stock main builds it, with the durable mail
 * queue in place of the in-memory one. smtpy itself is not installed here: James loads it from the configuration
 * ({@code extensions.properties}, {@code webadmin.properties}, {@code mailetcontainer.xml}), as it does when the
 * bundle is dropped into a stock James, so both run the same path.
 *
 * <p>The data directory is James's working directory and also its {@code var/} directory: what a stock James keeps
 * under {@code <working directory>/var/} (smtpy's {@code smtpy/} files: the database, the SRS, DKIM master and
 * verification secrets) is kept directly in {@code <data>/}, so that {@code --data var} puts them in
 * {@code var/smtpy/} as the documentation says, not in {@code var/var/smtpy/}.
 *
 * <p>Tests start the returned server in process and may override more bindings, for example
 * {@code SmtpyServer.create(settings).overrideWith(binder -> binder.bind(Clock.class).toInstance(clock))}.
 */
public final class SmtpyServer {
    /** Where smtpy's files were until the data directory became James's var/ directory too. */
    static final String OLD_VAR_DIRECTORY = "var";
    static final String SMTPY_DIRECTORY = "smtpy";

    private SmtpyServer() {
    }

    /**
     * Renders {@code <data>/conf} from the settings and returns the (not yet started) server, whose working
     * directory and var directory are the data directory.
     *
     * @throws InvalidSettingsException when the data directory holds smtpy's files in both the old and the new place
     */
    public static GuiceJamesServer create(SmtpyServerSettings settings) throws InvalidSettingsException {
        EffectiveConfiguration.write(settings);
        Path data = settings.dataDirectory();
        moveOldSmtpyDirectory(data);
        MemoryJamesConfiguration stock = MemoryJamesConfiguration.builder()
            .workingDirectory(data.toFile())
            .build();
        MemoryJamesConfiguration configuration = new MemoryJamesConfiguration(stock.configurationPath(),
            new DataDirectories(data), stock.getUsersRepositoryImplementation(), stock.isJmapEnabled());
        return MemoryJamesServerMain.createServer(configuration)
            // What MemoryJamesServerMain.main adds as well; its JMX module is left out (jmx.properties says off).
            .combineWith(new FakeSearchMailboxModule())
            .overrideWith(new DurableMailQueueModule(), new OperatorOnlyWebAdminModule());
    }

    /**
     * Data directories written before this layout kept smtpy's files in {@code <data>/var/smtpy/}: they are moved
     * to {@code <data>/smtpy/} (one rename on the same file system, so all or nothing), and {@code <data>/var/}
     * is removed if that leaves it empty. Both present means a human has to choose: the start fails.
     */
    static void moveOldSmtpyDirectory(Path data) throws InvalidSettingsException {
        Path oldVar = data.resolve(OLD_VAR_DIRECTORY);
        Path old = oldVar.resolve(SMTPY_DIRECTORY);
        Path current = data.resolve(SMTPY_DIRECTORY);
        if (!Files.isDirectory(old)) {
            return;
        }
        if (Files.exists(current)) {
            throw new InvalidSettingsException("the data directory holds smtpy's files twice, in " + old + " (written "
                + "by an older smtpy) and in " + current + ": keep one of them (move it to " + current + ") and start again");
        }
        try {
            Files.move(old, current);
            // Not a static logger: logback must first see the <data>/conf/logback.xml that create() has just written.
            LoggerFactory.getLogger(SmtpyServer.class).info("Moved smtpy's files from {} to {}, where this version keeps them", old, current);
            try (Stream<Path> left = Files.list(oldVar)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(oldVar);
                }
            }
        } catch (IOException e) {
            throw new InvalidSettingsException("cannot move smtpy's files from " + old + " to " + current + " ("
                + e + "): move them by hand and start again", e);
        }
    }

    /** James's directories with the data directory as var/: {@code file://var/x} is {@code <data>/x}. */
    private static final class DataDirectories extends JamesServerResourceLoader {
        private DataDirectories(Path data) {
            super(data.toString());
        }

        @Override
        public String getVarDirectory() {
            return getRootDirectory() + "/";
        }
    }
}
