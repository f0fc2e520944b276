package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuppressionsCommandsTest extends AgainstFakeServer {
    @Test
    void listShouldPassTheFiltersAndPrintTheSuppressions() {
        server.answer("GET", "/smtpy/domains/example.com/suppressions?alias=sales&destination=jane%40dest.example", 200,
            "{\"items\":[{\"id\":\"s-1\",\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"cause\":\"bounce:no-such-user\","
                + "\"until\":\"2026-03-31T12:00:00Z\",\"reason\":\"failed for good\"}]}");

        CliRunner.Result result = cli().run("suppressions", "list", "example.com", "--alias", "sales", "--destination", "jane@dest.example");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "ID   ALIAS  DESTINATION        CAUSE                UNTIL                 REASON\n"
                + "s-1  sales  jane@dest.example  bounce:no-such-user  2026-03-31T12:00:00Z  failed for good\n");
    }

    @Test
    void addShouldPostTheAliasDestinationAndDays() {
        server.answer("POST", "/smtpy/domains/example.com/suppressions", 201,
            "{\"id\":\"s-2\",\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"until\":\"2026-03-04T12:00:00Z\"}");

        CliRunner.Result result = cli().run("suppressions", "add", "example.com", "sales", "jane@dest.example", "--days", "3",
            "--reason", "on leave");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body)
            .isEqualTo("{\"alias\":\"sales\",\"destination\":\"jane@dest.example\",\"days\":3,\"reason\":\"on leave\"}");
        assertThat(result.stdout).isEqualTo("Suppressed jane@dest.example for sales until 2026-03-04T12:00:00Z (id s-2).\n");
    }

    @Test
    void liftShouldDeleteTheSuppression() {
        server.answer("DELETE", "/smtpy/domains/example.com/suppressions/s-1", 204, "");

        assertThat(cli().run("suppressions", "lift", "example.com", "s-1").stdout).isEqualTo("Lifted s-1.\n");
    }
}
