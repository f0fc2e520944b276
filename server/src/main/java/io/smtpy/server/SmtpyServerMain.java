package io.smtpy.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.util.Port;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

/**
 * {@code ./smtpy run}: starts the embedded smtpy server and keeps it running until SIGTERM (or SIGINT).
 *
 * <p>Exit codes: 0 after a clean stop, 1 if James fails to start (details in the log), 2 on a bad flag, environment
 * variable or configuration file to override (one line on stderr, see {@link SmtpyServerSettings#USAGE}).
 */
public final class SmtpyServerMain {
    static final int EXIT_CLEAN_STOP = 0;
    static final int EXIT_INVALID_SETTINGS = 2;

    /** Where logback.xml writes its file appender; the shipped logback.xml reads it. */
    static final String DATA_DIRECTORY_PROPERTY = "smtpy.data.dir";
    private static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";

    private SmtpyServerMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(SmtpyServerSettings.USAGE);
            return;
        }
        GuiceJamesServer server;
        SmtpyServerSettings settings;
        try {
            settings = SmtpyServerSettings.fromCommandLine(arguments, System.getenv());
            Files.createDirectories(settings.dataDirectory());
            configureLogging(settings);
            ServiceListCachingClassLoader.install();
            server = SmtpyServer.create(settings);
        } catch (InvalidSettingsException | IOException e) {
            System.err.println("smtpy: " + e.getMessage());
            System.exit(EXIT_INVALID_SETTINGS);
            return;
        }

        // On failure James logs the cause and exits with 1 (james.exit.on.startup.error defaults to true).
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopCleanly(server), "smtpy-shutdown"));
        SmtpGuiceProbe smtp = server.getProbe(SmtpGuiceProbe.class);
        LoggerFactory.getLogger(SmtpyServerMain.class).info(
            "smtpy started: SMTP port {}, submission port {} (STARTTLS), {} (TLS), WebAdmin port {}, data in {}",
            smtp.getSmtpPort().getValue(), portOrNone(smtp::getSmtpStartTlsPort), portOrNone(smtp::getSmtpSslPort),
            server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue(),
            settings.dataDirectory());
    }

    /** A configuration without that server is valid: James's probe then throws. */
    private static String portOrNone(Supplier<Port> port) {
        try {
            return String.valueOf(port.get().getValue());
        } catch (IllegalStateException notConfigured) {
            return "none";
        }
    }

    /**
     * Logging is configured by {@code <data>/conf/logback.xml}, the effective copy. This must run before anything
     * touches SLF4J: logback reads its configuration once, at the first logger. {@link SmtpyServer#create} copies
     * the file before it logs anything.
     */
    private static void configureLogging(SmtpyServerSettings settings) {
        System.setProperty(DATA_DIRECTORY_PROPERTY, settings.dataDirectory().toString());
        if (System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) == null
            && Files.isRegularFile(settings.configurationDirectory().resolve("logback.xml"))) {
            System.setProperty(LOGBACK_CONFIGURATION_PROPERTY,
                settings.effectiveConfigurationDirectory().resolve("logback.xml").toString());
        }
    }

    /**
     * Runs James's {@code @PreDestroy} stage (servers, spooler, queues, then the broker), flushes the logs and ends
     * the JVM with 0. Without the explicit halt a JVM ended by SIGTERM exits with 143, which supervisors (systemd,
     * Docker, our test harness) read as a failure although the stop was orderly.
     */
    private static void stopCleanly(GuiceJamesServer server) {
        server.stop();
        ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
        if (loggerFactory instanceof LoggerContext) {
            ((LoggerContext) loggerFactory).stop();
        }
        Runtime.getRuntime().halt(EXIT_CLEAN_STOP);
    }
}
