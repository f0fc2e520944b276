package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeysCommandsTest extends AgainstFakeServer {
    private static final String CREATED =
        "{\"id\":\"key-1\",\"name\":\"ci\",\"secret\":\"smtpy_sk_live_0123\",\"permissions\":[\"aliases:write\"]}";

    @Test
    void keysCreateShouldSendEveryRestrictionAndPrintTheSecretOnceWithAWarning() {
        server.answer("POST", "/smtpy/accounts/acc-1/keys", 201, CREATED);

        CliRunner.Result result = cli().run("keys", "create", "acc-1", "--name", "ci",
            "--permission", "aliases:read", "--permission", "aliases:write", "--domain", "a.example",
            "--expires", "2027-01-01T00:00:00Z", "--allow-ip", "10.0.0.0/8", "--allow-ip", "192.0.2.1/32");

        assertThat(result.exitCode).isZero();
        FakeSmtpyServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method + " " + request.pathAndQuery).isEqualTo("POST /smtpy/accounts/acc-1/keys");
        assertThat(request.body).isEqualTo("{\"name\":\"ci\",\"permissions\":[\"aliases:read\",\"aliases:write\"],"
            + "\"domains\":[\"a.example\"],\"expiresAt\":\"2027-01-01T00:00:00Z\","
            + "\"allowedIps\":[\"10.0.0.0/8\",\"192.0.2.1/32\"]}");
        assertThat(result.stdout).isEqualTo("Created key ci (id key-1).\nsecret: smtpy_sk_live_0123\n");
        assertThat(result.stderr).contains("shown this once");
    }

    @Test
    void aPresetAloneShouldNotSendAnEmptyPermissionList() {
        server.answer("POST", "/smtpy/accounts/acc-1/keys", 201, CREATED);

        cli().run("keys", "create", "acc-1", "--name", "ro", "--preset", "read-only");

        assertThat(server.onlyRequest().body).isEqualTo("{\"name\":\"ro\",\"preset\":\"read-only\"}");
    }

    @Test
    void withoutPermissionsOrPresetAnEmptyListShouldBeSent() {
        server.answer("POST", "/smtpy/accounts/acc-1/keys", 201, CREATED);

        cli().run("keys", "create", "acc-1", "--name", "bare");

        assertThat(server.onlyRequest().body).isEqualTo("{\"name\":\"bare\",\"permissions\":[]}");
    }

    @Test
    void keysCreateWithJsonShouldPrintTheBodyWithItsSecret() {
        server.answer("POST", "/smtpy/accounts/acc-1/keys", 201, CREATED);

        CliRunner.Result result = cli().run("keys", "create", "acc-1", "--name", "ci", "--json");

        assertThat(result.stdout).isEqualTo(CREATED + "\n");
        assertThat(result.stderr).contains("shown this once");
    }

    @Test
    void keysRotateShouldPostAndPrintTheNewSecret() {
        server.answer("POST", "/smtpy/accounts/acc-1/keys/key-1/rotate", 200, "{\"id\":\"key-1\",\"secret\":\"smtpy_sk_new\"}");

        CliRunner.Result result = cli().run("keys", "rotate", "acc-1", "key-1");

        assertThat(server.onlyRequest().method).isEqualTo("POST");
        assertThat(result.stdout).isEqualTo("Rotated key (id key-1).\nsecret: smtpy_sk_new\n");
    }

    @Test
    void keysRevokeShouldDeleteTheKey() {
        server.answer("DELETE", "/smtpy/accounts/acc-1/keys/key-1", 204, "");

        CliRunner.Result result = cli().run("keys", "revoke", "acc-1", "key-1");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().pathAndQuery).isEqualTo("/smtpy/accounts/acc-1/keys/key-1");
        assertThat(result.stdout).isEqualTo("Revoked key key-1.\n");
    }

    @Test
    void keysListShouldNotShowEmptyOptionalColumns() {
        server.answer("GET", "/smtpy/accounts/acc-1/keys", 200,
            "{\"items\":[{\"id\":\"key-1\",\"name\":\"ci\",\"permissions\":[\"aliases:read\",\"aliases:write\"],\"domains\":[]}]}");

        CliRunner.Result result = cli().run("keys", "list", "acc-1");

        assertThat(result.stdout).isEqualTo("ID     NAME  PERMISSIONS\nkey-1  ci    aliases:read, aliases:write\n");
    }
}
