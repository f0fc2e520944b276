package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueCommandsTest extends AgainstFakeServer {
    private static final String COPY = "{\"id\":\"q1\",\"sender\":\"ann@sender.test\",\"recipients\":[\"bob@dest.test\"],"
        + "\"status\":\"waiting\",\"attempts\":2,\"reason\":\"temporary delivery failure (2 attempt(s))\","
        + "\"nextAttempt\":\"2026-03-01T12:05:00Z\",\"queuedAt\":\"2026-03-01T12:00:00Z\",\"priority\":5,\"lane\":\"normal\"}";

    @Test
    void listShouldPassTheFilterAndPrintOneRowPerCopy() {
        server.answer("GET", "/smtpy/domains/example.com/queue?status=waiting&minAttempts=1", 200,
            "{\"items\":[" + COPY + "],\"priorityClass\":\"normal\"}");

        CliRunner.Result result = cli().run("queue", "list", "example.com", "--status", "waiting", "--min-attempts", "1");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("q1").contains("waiting").contains("bob@dest.test").contains("2026-03-01T12:05:00Z")
            .contains("temporary delivery failure");
    }

    @Test
    void oneIdShouldUseTheCopysRoute() {
        server.answer("POST", "/smtpy/domains/example.com/queue/q1/hold", 200, "{\"id\":\"q1\",\"action\":\"hold\",\"applied\":true}");

        CliRunner.Result result = cli().run("queue", "hold", "example.com", "q1");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo("Done: hold q1.\n");
    }

    @Test
    void severalIdsOrAllShouldUseTheBulkRoute() {
        server.answer("POST", "/smtpy/domains/example.com/queue/cancel", 200,
            "{\"action\":\"cancel\",\"applied\":[\"q1\"],\"refused\":[{\"id\":\"q2\",\"reason\":\"being delivered now\"}]}");

        CliRunner.Result result = cli().run("queue", "cancel", "example.com", "q1", "q2");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"ids\":[\"q1\",\"q2\"]}");
        assertThat(result.stdout).isEqualTo("Applied to 1 copy: q1\nRefused q2: being delivered now\n");
    }

    @Test
    void allShouldSendTheFilter() {
        server.answer("POST", "/smtpy/domains/example.com/queue/retry", 200, "{\"action\":\"retry\",\"applied\":[],\"refused\":[]}");

        assertThat(cli().run("queue", "retry", "example.com", "all", "--recipient", "dest.test", "--min-attempts", "3").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"filter\":{\"recipient\":\"dest.test\",\"minAttempts\":3}}");
    }
}
