package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackingCommandsTest extends AgainstFakeServer {
    private static final String ANSWER = "{\"domain\":\"example.com\",\"opens\":true,\"clicks\":false,\"available\":true,\"active\":true}";

    @Test
    void showShouldPrintTheDomainsSettings() {
        server.answer("GET", "/smtpy/domains/example.com/tracking", 200, ANSWER);

        CliRunner.Result result = cli().run("tracking", "show", "example.com");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("opens", "true").contains("clicks", "false").contains("active");
    }

    @Test
    void setShouldPutOnlyTheSettingsGiven() {
        server.answer("PUT", "/smtpy/domains/example.com/tracking", 200, ANSWER);

        CliRunner.Result result = cli().run("tracking", "set", "example.com", "--opens", "on");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"opens\":true}");
    }

    @Test
    void setShouldRefuseNothingToSetOrABadValueBeforeCallingTheServer() {
        assertThat(cli().run("tracking", "set", "example.com").exitCode).isNotZero();
        assertThat(cli().run("tracking", "set", "example.com", "--clicks", "maybe").exitCode).isNotZero();
        assertThat(server.requests()).isEmpty();
    }
}
