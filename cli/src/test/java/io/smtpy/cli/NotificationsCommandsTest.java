package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotificationsCommandsTest extends AgainstFakeServer {
    private static final String MINE = "{\"memberId\":\"mem_ann\",\"notifications\":{\"destination-failing\":\"default\","
        + "\"digest\":\"on\",\"dns-check\":\"off\"}}";

    @Test
    void showShouldPrintEachTypeAndWhetherTheMemberGetsIt() {
        server.answer("GET", "/smtpy/me/notifications", 200, MINE);

        CliRunner.Result result = cli().run("notifications", "show");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "destination-failing  default\n"
                + "digest               on\n"
                + "dns-check            off\n");
        assertThat(cli().run("notifications", "show", "--json").stdout).isEqualTo(MINE + "\n");
    }

    @Test
    void setShouldPutTheOneTypeGiven() {
        server.answer("PUT", "/smtpy/me/notifications", 200, MINE);

        CliRunner.Result result = cli().run("notifications", "set", "digest", "on");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().method).isEqualTo("PUT");
        assertThat(server.onlyRequest().body).isEqualTo("{\"digest\":\"on\"}");
        assertThat(result.stdout).contains("digest               on\n");
    }

    @Test
    void aRefusedValueShouldShowTheServersMessageAndFail() {
        server.answer("PUT", "/smtpy/me/notifications", 400,
            "{\"statusCode\":400,\"type\":\"InvalidArgument\",\"message\":\"'digest' must be \\\"on\\\", \\\"off\\\" or \\\"default\\\"\"}");

        CliRunner.Result result = cli().run("notifications", "set", "digest", "sometimes");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("'digest' must be");
    }
}
