package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagesCommandsTest extends AgainstFakeServer {
    @Test
    void resendShouldPostTheAddressAndPrintTheNewCopy() {
        server.answer("POST", "/smtpy/domains/example.com/messages/m-1/resend", 202, "{\"copyId\":\"Mail123-0\"}");

        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-1", "--to", "new@dest.example");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"to\":\"new@dest.example\"}");
        assertThat(result.stdout).isEqualTo("Resent to new@dest.example as copy Mail123-0.\n");
    }

    @Test
    void resendWithoutAnAddressShouldBeAUsageErrorAndSendNothing() {
        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-1");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("--to ADDRESS");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void nothingKeptShouldShowTheServersAnswer() {
        server.answer("POST", "/smtpy/domains/example.com/messages/m-2/resend", 404,
            "{\"statusCode\":404,\"type\":\"notFound\",\"message\":\"no failed copy of message m-2 of example.com is kept\"}");

        CliRunner.Result result = cli().run("messages", "resend", "example.com", "m-2", "--to", "new@dest.example");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("no failed copy of message m-2 of example.com is kept");
    }
}
