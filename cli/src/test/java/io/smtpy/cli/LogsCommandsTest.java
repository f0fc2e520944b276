package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogsCommandsTest extends AgainstFakeServer {
    private static final String BOUNCED = "{\"id\":\"e1\",\"at\":\"2026-03-01T12:00:00Z\",\"domain\":\"example.com\",\"alias\":\"sales\","
        + "\"type\":\"bounced\",\"sender\":\"a@x.example\",\"recipients\":[\"b@y.example\"],\"smtpCode\":550,"
        + "\"enhancedStatus\":\"5.1.1\",\"detail\":\"user unknown\"}";
    private static final String STREAM = ": events of example.com from now on\n\n"
        + "id: e1\nevent: bounced\ndata: " + BOUNCED + "\n\n"
        + ": keepalive\n\n"
        + "event: missed\ndata: {\"missed\":3}\n\n";

    @Test
    void tailShouldPrintEachEventAsALineAndSayWhatWasMissed() {
        server.answer("GET", "/smtpy/domains/example.com/events/stream?type=bounced&limit=2", 200, STREAM);

        CliRunner.Result result = cli().run("logs", "tail", "example.com", "--type", "bounced", "--limit", "2");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "2026-03-01T12:00:00Z  bounced  sales  <a@x.example> -> b@y.example  550 5.1.1  user unknown\n"
                + "(3 events missed: the tail was slower than the mail)\n");
    }

    @Test
    void tailWithJsonShouldPrintTheEventsAsTheyCame() {
        server.answer("GET", "/smtpy/domains/example.com/events/stream", 200, STREAM);

        assertThat(cli().run("logs", "tail", "example.com", "--json").stdout).isEqualTo(BOUNCED + "\n{\"missed\":3}\n");
    }

    @Test
    void aBadLimitShouldBeRefusedBeforeAnyRequest() {
        CliRunner.Result result = cli().run("logs", "tail", "example.com", "--limit", "0");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
