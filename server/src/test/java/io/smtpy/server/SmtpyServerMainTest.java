package io.smtpy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator meets it: a mistake costs one line on stderr and exit code 2. */
@Timeout(120)
class SmtpyServerMainTest {
    @TempDir
    Path data;

    /** Output and exit code of {@code SmtpyServerMain} run in a child JVM. */
    private static final class Outcome {
        final int exitCode;
        final String stdout;
        final String stderr;

        Outcome(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Outcome run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            SmtpyServerMain.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SMTPY_"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("SmtpyServerMain " + List.of(arguments) + " did not exit");
        }
        return new Outcome(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void badPortShouldPrintOneLineAndExitWith2() throws Exception {
        Outcome outcome = run("--data", data.toString(), "--smtp-port", "smtp");

        assertThat(outcome.exitCode).isEqualTo(2);
        assertThat(outcome.stderr.strip()).isEqualTo("smtpy: --smtp-port: 'smtp' is not a port number");
    }

    @Test
    void unknownFlagShouldPrintOneLineAndExitWith2() throws Exception {
        Outcome outcome = run("--data", data.toString(), "--imap-port", "143");

        assertThat(outcome.exitCode).isEqualTo(2);
        assertThat(outcome.stderr.strip()).isEqualTo("smtpy: unknown argument '--imap-port' (see --help)");
    }

    @Test
    void missingConfigurationDirectoryShouldPrintOneLineAndExitWith2() throws Exception {
        Outcome outcome = run("--data", data.toString(), "--conf", data.resolve("missing").toString());

        assertThat(outcome.exitCode).isEqualTo(2);
        assertThat(outcome.stderr.strip()).startsWith("smtpy: configuration directory ").doesNotContain("\n");
    }

    @Test
    void helpShouldPrintUsageAndExitWith0() throws Exception {
        Outcome outcome = run("--help");

        assertThat(outcome.exitCode).isZero();
        assertThat(outcome.stdout).startsWith("usage: smtpy run").contains("SMTPY_GATEWAY");
    }
}
