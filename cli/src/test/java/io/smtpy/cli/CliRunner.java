package io.smtpy.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in the test JVM with its own home directory, environment and stdin, and keeps what it printed. */
final class CliRunner {
    /** What one run printed, and its exit code. */
    static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();
    private String stdin = "";

    CliRunner(Path home) {
        this.home = home;
    }

    CliRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    Path home() {
        return home;
    }

    Path configFile() {
        return home.resolve(".config/smtpy/cli.json");
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SmtpyCli cli = new SmtpyCli(CommandCatalog.standard(), environment, home, SmtpyCli.defaultHttpClient(),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int exitCode = cli.run(args);
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
