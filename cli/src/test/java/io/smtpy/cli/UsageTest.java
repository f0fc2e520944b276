package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says and returns for command lines it cannot run; none of them reaches a server. */
class UsageTest {
    @TempDir
    Path home;

    private CliRunner cli() {
        // Nothing listens on port 9: a request would be exit 3, not 2.
        return new CliRunner(home).env("SMTPY_URL", "http://127.0.0.1:9");
    }

    @Test
    void noArgumentsShouldPrintEveryGroupAndSucceed() {
        CliRunner.Result result = cli().run();

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("login --email E", "accounts create NAME", "keys create ACCOUNT --name N",
            "aliases import DOMAIN FILE.csv [--dry-run] [--partial]", "audit verify ACCOUNT", "--json");
    }

    @Test
    void anUnknownGroupShouldExit2WithTheUsage() {
        CliRunner.Result result = cli().run("frobnicate");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).startsWith("smtpy: unknown command 'frobnicate'").contains("domains list");
        assertThat(result.stdout).isEmpty();
    }

    @Test
    void aGroupWithoutItsVerbShouldExit2NamingTheVerbs() {
        CliRunner.Result result = cli().run("keys");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("'keys' needs one of: list, create, revoke, rotate");
    }

    @Test
    void anUnknownVerbShouldExit2() {
        CliRunner.Result result = cli().run("domains", "explode", "example.com");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("unknown command 'domains explode'");
    }

    @Test
    void aMissingArgumentShouldExit2WithTheCommandsUsage() {
        CliRunner.Result result = cli().run("members", "add", "acc-1");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("smtpy: 'members add' needs EMAIL",
            "members add ACCOUNT EMAIL --role R [--password-stdin]");
    }

    @Test
    void aBadOptionValueShouldExit2BeforeAnyRequest() {
        assertThat(cli().run("keys", "create", "acc-1", "--name", "ci", "--preset", "everything").exitCode).isEqualTo(2);
        assertThat(cli().run("keys", "create", "acc-1", "--name", "ci", "--expires", "tomorrow").exitCode).isEqualTo(2);
        assertThat(cli().run("aliases", "list", "example.com", "--limit", "many").exitCode).isEqualTo(2);
        assertThat(cli().run("aliases", "export", "example.com", "--format", "xml").exitCode).isEqualTo(2);
        assertThat(cli().run("members", "set-role", "acc-1", "m-1", "admin", "--domain", "example.com").exitCode)
            .isEqualTo(2);
    }

    @Test
    void aMissingImportFileShouldExit2() {
        CliRunner.Result result = cli().run("aliases", "import", "example.com", home.resolve("none.csv").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("cannot read");
    }

    @Test
    void commandHelpShouldPrintItsUsageAndSucceed() {
        CliRunner.Result result = cli().run("aliases", "add", "--help");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("aliases add DOMAIN LOCALPART DEST... [--tag T ...]");
    }

    @Test
    void loginWithoutAPasswordAndWithoutATerminalShouldExit2() {
        CliRunner.Result result = cli().run("login", "--email", "jane@corp.example");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("--password-stdin");
    }
}
