package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class SessionCommandsTest extends AgainstFakeServer {
    private static final String SESSION =
        "{\"token\":\"sess-secret-42\",\"expiresAt\":\"2026-12-01T00:00:00Z\",\"memberId\":\"m-1\"}";

    @Test
    void loginShouldPostTheCredentialsAndSaveTheTokenOwnerOnly() throws Exception {
        server.answer("POST", "/smtpy/session", 200, SESSION);

        CliRunner runner = cliWithoutToken().stdin("s3cret pass\n");
        CliRunner.Result result = runner.run("login", "--email", "jane@corp.example", "--password-stdin", "--totp", "123456");

        assertThat(result.exitCode).isZero();
        FakeSmtpyServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.method).isEqualTo("POST");
        assertThat(request.pathAndQuery).isEqualTo("/smtpy/session");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.body).isEqualTo(
            "{\"email\":\"jane@corp.example\",\"password\":\"s3cret pass\",\"totp\":\"123456\"}");
        assertThat(Files.readString(runner.configFile()))
            .isEqualTo("{\"url\":\"" + server.url() + "\",\"token\":\"sess-secret-42\"}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runner.configFile()))).isEqualTo("rw-------");
        assertThat(result.stdout).contains("Logged in as jane@corp.example").doesNotContain("sess-secret-42");
        assertThat(result.stderr).doesNotContain("sess-secret-42");
    }

    @Test
    void loginShouldNotSendAnOldToken() {
        server.answer("POST", "/smtpy/session", 200, SESSION);

        cli().run("login", "--email", "jane@corp.example", "--password", "pw");

        assertThat(server.onlyRequest().header("Authorization")).isNull();
        assertThat(server.onlyRequest().body).isEqualTo("{\"email\":\"jane@corp.example\",\"password\":\"pw\"}");
    }

    @Test
    void loginWithJsonShouldPrintTheAnswerWithoutTheToken() {
        server.answer("POST", "/smtpy/session", 200, SESSION);

        CliRunner.Result result = cliWithoutToken().run("login", "--email", "jane@corp.example", "--password", "pw", "--json");

        assertThat(result.stdout).isEqualTo("{\"expiresAt\":\"2026-12-01T00:00:00Z\",\"memberId\":\"m-1\"}\n");
    }

    @Test
    void aRefusedLoginShouldExit4AndSaveNothing() {
        server.answer("POST", "/smtpy/session", 401, "{\"message\":\"wrong email or password\"}");

        CliRunner runner = cliWithoutToken();
        CliRunner.Result result = runner.run("login", "--email", "jane@corp.example", "--password", "pw");

        assertThat(result.exitCode).isEqualTo(4);
        assertThat(result.stderr).contains("wrong email or password");
        assertThat(runner.configFile()).doesNotExist();
    }

    @Test
    void theSavedTokenShouldBeUsedByTheNextCommands() {
        server.answer("POST", "/smtpy/session", 200, SESSION);
        server.answer("GET", "/smtpy/me", 200, "{\"email\":\"jane@corp.example\"}");
        CliRunner runner = cliWithoutToken();
        runner.run("login", "--email", "jane@corp.example", "--password", "pw");

        CliRunner.Result result = runner.run("whoami");

        assertThat(result.stdout).isEqualTo("email  jane@corp.example\n");
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer sess-secret-42");
    }

    @Test
    void logoutShouldEndTheSessionAndForgetTheTokenButNotTheUrl() throws Exception {
        server.answer("POST", "/smtpy/session", 200, SESSION);
        server.answer("DELETE", "/smtpy/session", 204, "");
        CliRunner runner = cliWithoutToken();
        runner.run("login", "--email", "jane@corp.example", "--password", "pw");

        CliRunner.Result result = runner.run("logout");

        assertThat(result.exitCode).isZero();
        FakeSmtpyServer.RecordedRequest request = server.requests().get(1);
        assertThat(request.method + " " + request.pathAndQuery).isEqualTo("DELETE /smtpy/session");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sess-secret-42");
        assertThat(Files.readString(runner.configFile())).isEqualTo("{\"url\":\"" + server.url() + "\"}\n");
    }

    @Test
    void logoutShouldForgetTheTokenEvenWhenTheServerNoLongerKnowsIt() throws Exception {
        server.answer("POST", "/smtpy/session", 200, SESSION);
        server.answer("DELETE", "/smtpy/session", 401, "{\"message\":\"session expired\"}");
        CliRunner runner = cliWithoutToken();
        runner.run("login", "--email", "jane@corp.example", "--password", "pw");

        CliRunner.Result result = runner.run("logout");

        assertThat(result.exitCode).isEqualTo(4);
        assertThat(Files.readString(runner.configFile())).doesNotContain("sess-secret-42");
    }

    @Test
    void whoamiShouldShowTheFieldsOfMe() {
        server.answer("GET", "/smtpy/me", 200,
            "{\"email\":\"jane@corp.example\",\"displayName\":\"Jane\",\"accounts\":[\"acc-1\",\"acc-2\"]}");

        CliRunner.Result result = cli().run("whoami");

        assertThat(result.stdout).isEqualTo(
            "email        jane@corp.example\n"
                + "displayName  Jane\n"
                + "accounts     acc-1, acc-2\n");
    }

    @Test
    void sessionsShouldBeListedAndRevoked() {
        server.answer("GET", "/smtpy/sessions", 200,
            "{\"items\":[{\"id\":\"s-1\",\"createdAt\":\"2026-11-01T00:00:00Z\",\"expiresAt\":\"2026-12-01T00:00:00Z\",\"current\":true}]}");
        server.answer("DELETE", "/smtpy/sessions/s-1", 204, "");

        CliRunner.Result list = cli().run("sessions", "list");
        CliRunner.Result revoke = cli().run("sessions", "revoke", "s-1");

        assertThat(list.stdout).isEqualTo(
            "ID   CREATED               EXPIRES               CURRENT\n"
                + "s-1  2026-11-01T00:00:00Z  2026-12-01T00:00:00Z  true\n");
        assertThat(revoke.exitCode).isZero();
        assertThat(revoke.stdout).isEqualTo("Revoked session s-1.\n");
        assertThat(server.requests().get(1).method).isEqualTo("DELETE");
    }
}
