package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtectionCommandsTest extends AgainstFakeServer {
    private static final String PROTECTION = "{\"settings\":{\"dnsblZones\":[\"zen.example\"],\"trustedNetworks\":[\"192.0.2.0/24\"],"
        + "\"probes\":{\"slowAfter\":10,\"refuseAfter\":30}},"
        + "\"counters\":{\"dnsblHits\":{\"zen.example\":4},\"clientsRefused\":1},"
        + "\"refused\":[{\"address\":\"198.51.100.7\",\"until\":\"2026-03-01T12:30:00Z\"}]}";

    @Test
    void showShouldPrintTheSettingsTheCountersAndTheRefusedClients() {
        server.answer("GET", "/smtpy/protection", 200, PROTECTION);

        CliRunner.Result result = cli().run("protection", "show");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "dnsblZones       zen.example\n"
                + "trustedNetworks  192.0.2.0/24\n"
                + "probes           slowAfter=10, refuseAfter=30\n"
                + "\n"
                + "dnsblHits       zen.example=4\n"
                + "clientsRefused  1\n"
                + "\n"
                + "ADDRESS       REFUSED UNTIL\n"
                + "198.51.100.7  2026-03-01T12:30:00Z\n");
        assertThat(cli().run("protection", "show", "--json").stdout).isEqualTo(PROTECTION + "\n");
    }

    @Test
    void releaseShouldDeleteTheClientsRefusal() {
        server.answer("DELETE", "/smtpy/protection/refused/198.51.100.7", 204, "");

        CliRunner.Result result = cli().run("protection", "release", "198.51.100.7");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().method).isEqualTo("DELETE");
        assertThat(result.stdout).isEqualTo("Released 198.51.100.7.\n");
    }

    @Test
    void releasingAClientThatIsNotRefusedShouldFail() {
        server.answer("DELETE", "/smtpy/protection/refused/192.0.2.9", 404,
            "{\"statusCode\":404,\"type\":\"notFound\",\"message\":\"client 192.0.2.9 is not refused\"}");

        CliRunner.Result result = cli().run("protection", "release", "192.0.2.9");

        assertThat(result.exitCode).isNotZero();
        assertThat(result.stderr).contains("client 192.0.2.9 is not refused");
    }
}
