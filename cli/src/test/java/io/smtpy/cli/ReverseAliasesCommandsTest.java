package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReverseAliasesCommandsTest extends AgainstFakeServer {
    private static final String REVERSE_ALIAS = "{\"id\":\"rva_1\",\"address\":\"ra+abcdefghijklmnopqrst@example.com\","
        + "\"alias\":\"sales\",\"original\":\"ann@customer.example\",\"originalName\":\"Ann\",\"enabled\":true,"
        + "\"createdAt\":\"2026-03-01T12:00:00Z\"}";

    @Test
    void listShouldPassTheFiltersAndPrintOneRowPerReverseAlias() {
        server.answer("GET", "/smtpy/domains/example.com/reverse-aliases?alias=sales&limit=10", 200,
            "{\"items\":[" + REVERSE_ALIAS + "],\"limit\":10,\"offset\":0}");

        CliRunner.Result result = cli().run("reverse-aliases", "list", "example.com", "--alias", "sales", "--limit", "10");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "ID     ALIAS  ORIGINAL SENDER       ENABLED  CREATED               ADDRESS\n"
                + "rva_1  sales  ann@customer.example  true     2026-03-01T12:00:00Z  ra+abcdefghijklmnopqrst@example.com\n");
    }

    @Test
    void disableAndEnableShouldPatchEnabled() {
        server.answer("PATCH", "/smtpy/domains/example.com/reverse-aliases/rva_1", 200, REVERSE_ALIAS);

        assertThat(cli().run("reverse-aliases", "disable", "example.com", "rva_1").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"enabled\":false}");
    }

    @Test
    void enableShouldPatchEnabledTrue() {
        server.answer("PATCH", "/smtpy/domains/example.com/reverse-aliases/rva_1", 200, REVERSE_ALIAS);

        assertThat(cli().run("reverse-aliases", "enable", "example.com", "rva_1").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"enabled\":true}");
    }

    @Test
    void settingShouldPutTheDomainsOrAnAliasesValue() {
        server.answer("PUT", "/smtpy/domains/example.com/reply-through-alias", 200,
            "{\"domain\":\"example.com\",\"replyThroughAlias\":true,\"aliases\":[]}");

        assertThat(cli().run("reverse-aliases", "setting", "example.com", "on").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"replyThroughAlias\":true}");
    }

    @Test
    void aliasSettingBackToDefaultShouldDeleteIt() {
        server.answer("DELETE", "/smtpy/domains/example.com/aliases/sales/reply-through-alias", 204, "");

        CliRunner.Result result = cli().run("reverse-aliases", "setting", "example.com", "default", "--alias", "sales");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("sales follows the domain's setting again.");
    }

    @Test
    void unknownSettingValueShouldBeAUsageError() {
        assertThat(cli().run("reverse-aliases", "setting", "example.com", "maybe").exitCode).isEqualTo(2);
        assertThat(cli().run("reverse-aliases", "setting", "example.com", "default").exitCode).isEqualTo(2);
    }
}
