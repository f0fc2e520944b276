package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayCommandsTest extends AgainstFakeServer {
    private static final String RELAY = "{\"host\":\"smtp.relay.example\",\"port\":587,\"tls\":\"starttls\",\"username\":\"mailer\","
        + "\"hasPassword\":true,\"scope\":\"outbound\",\"enabled\":true,\"updatedAt\":\"2026-03-01T12:00:00Z\"}";

    @Test
    void setShouldPutTheOptionsWithThePasswordReadFromStandardInput() {
        server.answer("PUT", "/smtpy/domains/example.com/relay", 201, RELAY);

        CliRunner.Result result = cli().stdin("relay-s3cret\n").run("relay", "set", "example.com", "--host", "smtp.relay.example",
            "--port", "587", "--username", "mailer", "--password-stdin", "--scope", "all");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"host\":\"smtp.relay.example\",\"port\":587,\"username\":\"mailer\","
            + "\"password\":\"relay-s3cret\",\"scope\":\"all\",\"enabled\":true}");
        assertThat(result.stdout).contains("smtp.relay.example").doesNotContain("relay-s3cret");
    }

    @Test
    void setWithoutPasswordShouldKeepTheStoredOne() {
        server.answer("PUT", "/smtpy/domains/example.com/relay", 200, RELAY);

        assertThat(cli().run("relay", "set", "example.com", "--host", "smtp.relay.example", "--port", "465", "--tls", "implicit",
            "--disabled").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"host\":\"smtp.relay.example\",\"port\":465,\"tls\":\"implicit\",\"enabled\":false}");
    }

    @Test
    void aPortThatIsNoNumberShouldBeAUsageError() {
        assertThat(cli().run("relay", "set", "example.com", "--host", "smtp.relay.example", "--port", "smtp").exitCode)
            .isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void showAndRemoveShouldGetAndDelete() {
        server.answer("GET", "/smtpy/domains/example.com/relay", 200, RELAY);
        assertThat(cli().run("relay", "show", "example.com").stdout).contains("smtp.relay.example", "hasPassword");

        server.answer("DELETE", "/smtpy/domains/example.com/relay", 204, "");
        assertThat(cli().run("relay", "remove", "example.com").stdout).contains("Removed the relay of example.com.");
    }

    @Test
    void testShouldPrintEachStepAndFailWhenOneDid() {
        server.answer("POST", "/smtpy/domains/example.com/relay/test", 200, "{\"ok\":false,\"steps\":["
            + "{\"step\":\"connect\",\"ok\":true,\"reply\":\"smtp.relay.example:587\"},"
            + "{\"step\":\"auth\",\"ok\":false,\"reply\":\"535 5.7.8 Authentication failed\"}],"
            + "\"reply\":\"535 5.7.8 Authentication failed\"}");

        CliRunner.Result result = cli().run("relay", "test", "example.com");

        assertThat(result.exitCode).isEqualTo(ExitCode.REFUSED.code());
        assertThat(result.stdout).isEqualTo("ok     connect: smtp.relay.example:587\nFAILED auth: 535 5.7.8 Authentication failed\n");
        assertThat(result.stderr).contains("535 5.7.8 Authentication failed");
    }
}
