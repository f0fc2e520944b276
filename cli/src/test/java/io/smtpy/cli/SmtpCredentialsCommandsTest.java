package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmtpCredentialsCommandsTest extends AgainstFakeServer {
    private static final String CREDENTIAL = "{\"id\":\"smc_1\",\"username\":\"sales@example.com\",\"sendAs\":[\"sales@example.com\"],"
        + "\"alias\":\"sales\",\"hold\":true,\"description\":\"phone\",\"createdAt\":\"2026-03-01T12:00:00Z\"}";

    @Test
    void createShouldPostTheOptionsAndPrintThePasswordOnceWithAWarning() {
        server.answer("POST", "/smtpy/domains/example.com/smtp-credentials", 201,
            "{\"id\":\"smc_1\",\"username\":\"laptop@example.com\",\"password\":\"smtpyp_abc\",\"sendAs\":[\"sales@example.com\","
                + "\"support@example.com\"],\"hold\":true,\"description\":\"\",\"createdAt\":\"2026-03-01T12:00:00Z\"}");

        CliRunner.Result result = cli().run("smtp-credentials", "create", "example.com", "--username", "laptop", "--alias", "sales",
            "--send-as", "sales@example.com", "--send-as", "support@example.com", "--hold");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"username\":\"laptop\",\"alias\":\"sales\","
            + "\"sendAs\":[\"sales@example.com\",\"support@example.com\"],\"hold\":true}");
        assertThat(result.stdout).isEqualTo("Created SMTP credential smc_1.\nusername: laptop@example.com\npassword: smtpyp_abc\n"
            + "send as:  sales@example.com, support@example.com\n");
        assertThat(result.stderr).contains("shown this once");
    }

    @Test
    void createWithoutOptionsShouldPostAnEmptyObject() {
        server.answer("POST", "/smtpy/domains/example.com/smtp-credentials", 201,
            "{\"id\":\"smc_2\",\"username\":\"smtp-abc@example.com\",\"password\":\"smtpyp_x\",\"sendAs\":[\"*@example.com\"]}");

        assertThat(cli().run("smtp-credentials", "create", "example.com").exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{}");
    }

    @Test
    void listShouldPrintOneRowPerCredential() {
        server.answer("GET", "/smtpy/domains/example.com/smtp-credentials", 200, "{\"items\":[" + CREDENTIAL + "]}");

        CliRunner.Result result = cli().run("smtp-credentials", "list", "example.com");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(
            "ID     USERNAME           SEND AS            HOLD  CREATED               ALIAS  DESCRIPTION\n"
                + "smc_1  sales@example.com  sales@example.com  true  2026-03-01T12:00:00Z  sales  phone\n");
    }

    @Test
    void showShouldGetTheCredential() {
        server.answer("GET", "/smtpy/domains/example.com/smtp-credentials/smc_1", 200, CREDENTIAL);

        CliRunner.Result result = cli().run("smtp-credentials", "show", "example.com", "smc_1");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("sales@example.com");
    }

    @Test
    void updateShouldPatchOnlyWhatIsGiven() {
        server.answer("PATCH", "/smtpy/domains/example.com/smtp-credentials/smc_1", 200, CREDENTIAL);

        CliRunner.Result result = cli().run("smtp-credentials", "update", "example.com", "smc_1", "--no-hold", "--description", "phone");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"hold\":false,\"description\":\"phone\"}");
    }

    @Test
    void updateWithNothingOrBothHoldFlagsShouldBeAUsageError() {
        assertThat(cli().run("smtp-credentials", "update", "example.com", "smc_1").exitCode).isEqualTo(2);
        assertThat(cli().run("smtp-credentials", "update", "example.com", "smc_1", "--hold", "--no-hold").exitCode)
            .isEqualTo(2);
    }

    @Test
    void resetPasswordShouldPostAndPrintTheNewPasswordOnce() {
        server.answer("POST", "/smtpy/domains/example.com/smtp-credentials/smc_1/password", 200,
            "{\"id\":\"smc_1\",\"username\":\"sales@example.com\",\"password\":\"smtpyp_new\",\"sendAs\":[\"sales@example.com\"]}");

        CliRunner.Result result = cli().run("smtp-credentials", "reset-password", "example.com", "smc_1");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).contains("password: smtpyp_new");
        assertThat(result.stderr).contains("shown this once");
    }

    @Test
    void revokeShouldDeleteTheCredential() {
        server.answer("DELETE", "/smtpy/domains/example.com/smtp-credentials/smc_1", 204, "");

        assertThat(cli().run("smtp-credentials", "revoke", "example.com", "smc_1").stdout).isEqualTo("Revoked smc_1.\n");
    }
}
