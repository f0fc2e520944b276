package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What every command shares: the headers it sends, the exit codes of the server's answers, {@code --json}. */
class ApiClientBehaviourTest extends AgainstFakeServer {
    private static final String DOMAINS = "[{\"name\":\"example.com\",\"enabled\":true,\"aliasCount\":2}]";

    @Test
    void everyRequestShouldCarryTheTokenAndSayItComesFromTheCli() {
        server.answer("GET", "/smtpy/domains", 200, DOMAINS);

        cli().run("domains", "list");

        FakeSmtpyServer.RecordedRequest request = server.onlyRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("X-Smtpy-Client")).isEqualTo("cli");
        assertThat(request.header("User-Agent")).matches("smtpy-cli/[0-9][^ ]*");
    }

    @Test
    void withoutATokenNoAuthorizationHeaderShouldBeSent() {
        server.answer("GET", "/smtpy/domains", 200, DOMAINS);

        cliWithoutToken().run("domains", "list");

        assertThat(server.onlyRequest().header("Authorization")).isNull();
    }

    @Test
    void jsonShouldPrintTheServersBodyExactlyAsSent() {
        String body = "[ {\"name\" : \"example.com\", \"enabled\":true, \"aliasCount\":2, \"extra\":{\"x\":1}} ]";
        server.answer("GET", "/smtpy/domains", 200, body);

        CliRunner.Result result = cli().run("domains", "list", "--json");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(body + "\n");
    }

    @Test
    void withoutJsonPeopleShouldGetATable() {
        server.answer("GET", "/smtpy/domains", 200, DOMAINS);

        CliRunner.Result result = cli().run("domains", "list");

        assertThat(result.stdout).isEqualTo("NAME         ENABLED  ALIASES\nexample.com  true     2\n");
    }

    @Test
    void aRefusalShouldExit1WithTheServersMessageAndStatus() {
        server.answer("PUT", "/smtpy/domains/example.com", 409,
            "{\"statusCode\":409,\"type\":\"WrongState\",\"message\":\"domain example.com already exists\",\"details\":null}");

        CliRunner.Result result = cli().run("domains", "add", "example.com");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).isEqualTo("smtpy: domain example.com already exists (HTTP 409)\n");
        assertThat(result.stdout).isEmpty();
    }

    @Test
    void aServerErrorWithoutJsonShouldExit1WithItsText() {
        server.answer("GET", "/smtpy/domains", 500, "text/plain", "boom");

        CliRunner.Result result = cli().run("domains", "list");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("boom (HTTP 500)");
    }

    @Test
    void unauthorizedShouldExit4() {
        server.answer("GET", "/smtpy/me", 401,
            "{\"statusCode\":401,\"type\":\"InvalidArgument\",\"message\":\"the token has expired\",\"details\":null}");

        CliRunner.Result result = cli().run("whoami");

        assertThat(result.exitCode).isEqualTo(4);
        assertThat(result.stderr).contains("authentication failed: the token has expired (HTTP 401)");
        assertThat(result.stderr).doesNotContain(TOKEN);
    }

    @Test
    void forbiddenShouldExit4() {
        server.answer("DELETE", "/smtpy/accounts/acc-1", 403,
            "{\"statusCode\":403,\"type\":\"InvalidArgument\",\"message\":\"owners only\",\"details\":null}");

        assertThat(cli().run("accounts", "delete", "acc-1").exitCode).isEqualTo(4);
    }

    @Test
    void unauthorizedWithoutATokenShouldSayHowToLogIn() {
        server.answer("GET", "/smtpy/me", 401, "{\"message\":\"authentication required\"}");

        CliRunner.Result result = cliWithoutToken().run("whoami");

        assertThat(result.exitCode).isEqualTo(4);
        assertThat(result.stderr).contains("smtpy login");
    }

    @Test
    void noServerShouldExit3() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        CliRunner.Result unreachable = new CliRunner(home).run("whoami", "--url", "http://127.0.0.1:" + freePort);
        assertThat(unreachable.exitCode).isEqualTo(3);
        assertThat(unreachable.stderr).startsWith("smtpy: cannot reach the server at http://127.0.0.1:" + freePort);
    }

    @Test
    void pathValuesShouldBeEncodedSoTheyStayOneSegment() {
        server.answer("DELETE", "/smtpy/domains/example.com/aliases/a%2Fb%20c", 204, "");

        CliRunner.Result result = cli().run("aliases", "delete", "example.com", "a/b c");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().pathAndQuery).isEqualTo("/smtpy/domains/example.com/aliases/a%2Fb%20c");
    }
}
