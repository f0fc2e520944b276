package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitsCommandsTest extends AgainstFakeServer {
    @Test
    void showShouldPrintOneRowPerSubjectAndDirection() {
        server.answer("GET", "/smtpy/domains/example.com/limits", 200, "{\"domain\":\"example.com\","
            + "\"inbound\":{\"messagesPerHour\":100,\"action\":\"defer\",\"notify\":false},\"outbound\":null,"
            + "\"aliases\":[{\"alias\":\"sales\",\"inbound\":{\"messagesPerDay\":5,\"recipientsPerMessage\":2,\"action\":\"reject\","
            + "\"notify\":true},\"outbound\":null}],\"credentials\":[]}");

        CliRunner.Result result = cli().run("limits", "show", "example.com");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "SCOPE   SUBJECT      DIRECTION  MSG/HOUR  MSG/DAY  RCPT/MSG  BYTES/DAY  ACTION  NOTIFY\n"
                + "domain  example.com  inbound    100       -        -         -          defer   false\n"
                + "alias   sales        inbound    -         5        2         -          reject  true\n");
    }

    @Test
    void setShouldPutTheDirectionsLimitsOfAnAlias() {
        server.answer("PUT", "/smtpy/domains/example.com/aliases/sales/limits", 200, "{\"alias\":\"sales\"}");

        CliRunner.Result result = cli().run("limits", "set", "example.com", "--alias", "sales", "--inbound",
            "--messages-per-hour", "10", "--bytes-per-day", "5000000000", "--action", "reject", "--notify");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body)
            .isEqualTo("{\"inbound\":{\"messagesPerHour\":10,\"bytesPerDay\":5000000000,\"action\":\"reject\",\"notify\":true}}");
        assertThat(result.stdout).isEqualTo("Set the inbound limits of sales@example.com.\n");
    }

    @Test
    void setWithRemoveShouldSendNullForTheDomainsDirection() {
        server.answer("PUT", "/smtpy/domains/example.com/limits", 200, "{}");

        CliRunner.Result result = cli().run("limits", "set", "example.com", "--outbound", "--remove");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"outbound\":null}");
        assertThat(result.stdout).isEqualTo("Removed the outbound limits of example.com.\n");
    }

    @Test
    void setShouldRefuseAmbiguousOrEmptyRequestsBeforeCallingTheServer() {
        assertThat(cli().run("limits", "set", "example.com", "--messages-per-hour", "5").exitCode).isNotZero();
        assertThat(cli().run("limits", "set", "example.com", "--inbound").exitCode).isNotZero();
        assertThat(cli().run("limits", "set", "example.com", "--inbound", "--messages-per-hour", "0").exitCode).isNotZero();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void usageShouldPrintEachCounter() {
        server.answer("GET", "/smtpy/domains/example.com/limits/usage", 200, "{\"items\":[{\"scope\":\"alias\",\"alias\":\"sales\","
            + "\"direction\":\"inbound\",\"metric\":\"messagesPerHour\",\"limit\":3,\"used\":3,\"remaining\":0,"
            + "\"windowStart\":\"2026-03-01T12:00:00Z\",\"windowEnd\":\"2026-03-01T13:00:00Z\",\"action\":\"defer\"},"
            + "{\"scope\":\"domain\",\"direction\":\"outbound\",\"metric\":\"perRecipientDomainPerHour\",\"recipientDomain\":\"gmail.com\","
            + "\"limit\":20,\"used\":4,\"remaining\":16,\"windowStart\":\"2026-03-01T12:00:00Z\",\"windowEnd\":\"2026-03-01T13:00:00Z\","
            + "\"action\":\"defer\"}]}");

        CliRunner.Result result = cli().run("limits", "usage", "example.com");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "SCOPE   SUBJECT      DIRECTION  METRIC                     TO         USED  LIMIT  WINDOW-END\n"
                + "alias   sales        inbound    messagesPerHour            -          3     3      2026-03-01T13:00:00Z\n"
                + "domain  example.com  outbound   perRecipientDomainPerHour  gmail.com  4     20     2026-03-01T13:00:00Z\n");
    }
}
