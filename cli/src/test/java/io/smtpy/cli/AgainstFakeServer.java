package io.smtpy.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link FakeSmtpyServer} per test, and a CLI pointed at it with a token in the environment. */
abstract class AgainstFakeServer {
    static final String TOKEN = "tok-abc123";

    @TempDir
    Path home;

    FakeSmtpyServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeSmtpyServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    CliRunner cli() {
        return new CliRunner(home).env("SMTPY_URL", server.url()).env("SMTPY_TOKEN", TOKEN);
    }

    CliRunner cliWithoutToken() {
        return new CliRunner(home).env("SMTPY_URL", server.url());
    }
}
