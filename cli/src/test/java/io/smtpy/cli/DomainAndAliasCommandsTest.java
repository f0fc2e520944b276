package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DomainAndAliasCommandsTest extends AgainstFakeServer {
    private static final String COMPLETED_IMPORT = "{\"taskId\":\"t-1\",\"type\":\"smtpy-alias-import\",\"status\":\"completed\","
        + "\"additionalInformation\":{\"domain\":\"example.com\",\"dryRun\":false,\"partial\":false,\"linesRead\":2,"
        + "\"valid\":2,\"created\":1,\"updated\":1,\"written\":true,\"errorCount\":0,\"errors\":[]}}";
    private static final String FAILED_IMPORT = "{\"taskId\":\"t-1\",\"type\":\"smtpy-alias-import\",\"status\":\"failed\","
        + "\"additionalInformation\":{\"domain\":\"example.com\",\"dryRun\":false,\"partial\":false,\"linesRead\":2,"
        + "\"valid\":1,\"created\":1,\"updated\":0,\"written\":false,\"errorCount\":1,"
        + "\"errors\":[{\"line\":3,\"field\":\"destinations\",\"message\":\"'nope' is not a valid mail address\"}]}}";

    @Test
    void domainsAddShouldPutTheDomainWithItsAccount() {
        server.answer("PUT", "/smtpy/domains/example.com?account=acc-1", 201, "{\"name\":\"example.com\",\"enabled\":true}");

        CliRunner.Result result = cli().run("domains", "add", "example.com", "--account", "acc-1");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().method).isEqualTo("PUT");
        assertThat(result.stdout).isEqualTo("Added domain example.com.\n");
    }

    @Test
    void domainsShowAndDeleteShouldAddressTheDomain() {
        server.answer("GET", "/smtpy/domains/example.com", 200, "{\"name\":\"example.com\",\"enabled\":true}");
        server.answer("DELETE", "/smtpy/domains/example.com", 204, "");

        assertThat(cli().run("domains", "show", "example.com").stdout).isEqualTo("name     example.com\nenabled  true\n");
        assertThat(cli().run("domains", "delete", "example.com").stdout).isEqualTo("Deleted domain example.com.\n");
    }

    @Test
    void domainsDnsShouldListTheRecordsAndTheHintsOfWrongOnes() {
        server.answer("GET", "/smtpy/domains/example.com/dns", 200, "{\"domain\":\"example.com\",\"ok\":false,\"records\":["
            + "{\"kind\":\"mx\",\"type\":\"MX\",\"name\":\"example.com\",\"expected\":\"10 mx1.smtpy.example\",\"found\":[\"10 mx1.smtpy.example\"],\"status\":\"ok\",\"hint\":\"fine\"},"
            + "{\"kind\":\"dmarc\",\"type\":\"TXT\",\"name\":\"_dmarc.example.com\",\"expected\":\"v=DMARC1; p=none\",\"found\":[],\"status\":\"missing\",\"hint\":\"publish it\"}]}");

        CliRunner.Result result = cli().run("domains", "dns", "example.com");

        assertThat(result.stdout).isEqualTo(
            "STATUS   TYPE  NAME                EXPECTED              FOUND\n"
                + "ok       MX    example.com         10 mx1.smtpy.example  10 mx1.smtpy.example\n"
                + "missing  TXT   _dmarc.example.com  v=DMARC1; p=none      -\n"
                + "TXT _dmarc.example.com: publish it\n"
                + "Some records need attention.\n");
    }

    @Test
    void domainsScanningShouldPatchOnlyTheGivenFieldsAndShowThePolicies() {
        server.answer("PATCH", "/smtpy/domains/example.com", 200, "{\"name\":\"example.com\","
            + "\"spam\":{\"enabled\":true,\"tagThreshold\":5.0,\"threshold\":6.0,\"action\":\"reject\"},"
            + "\"virus\":{\"enabled\":true,\"action\":\"quarantine\"}}");

        CliRunner.Result result = cli().run("domains", "scanning", "example.com", "--spam-threshold", "6", "--spam-action", "reject",
            "--virus-action", "quarantine");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body)
            .isEqualTo("{\"spam\":{\"threshold\":6.0,\"action\":\"reject\"},\"virus\":{\"action\":\"quarantine\"}}");
        assertThat(result.stdout).isEqualTo("spam   scored: tagged from 5.0, reject from 6.0\nvirus  scanned: quarantine\n");
    }

    @Test
    void domainsScanningShouldRefuseABadScoreBeforeAnyRequest() {
        CliRunner.Result result = cli().run("domains", "scanning", "example.com", "--spam-threshold", "high");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.stderr).contains("--spam-threshold must be a number");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aliasesListShouldPassTheFiltersAndSayWhenThereIsMore() {
        server.answer("GET", "/smtpy/domains/example.com/aliases?tag=web&limit=1", 200,
            "{\"total\":3,\"offset\":0,\"limit\":1,\"aliases\":[{\"localPart\":\"info\",\"destinations\":[\"a@x.example\",\"b@x.example\"],"
                + "\"enabled\":true,\"tags\":[\"web\"]}]}");

        CliRunner.Result result = cli().run("aliases", "list", "example.com", "--tag", "web", "--limit", "1");

        assertThat(result.stdout).isEqualTo(
            "ALIAS  DESTINATIONS              ENABLED  TAGS\n"
                + "info   a@x.example, b@x.example  true     web\n"
                + "1 of 3 aliases shown (--limit N for more).\n");
    }

    @Test
    void aliasesAddShouldPutTheDestinationsAndTags() {
        server.answer("PUT", "/smtpy/domains/example.com/aliases/sales", 201, "{\"localPart\":\"sales\"}");

        CliRunner.Result result = cli().run("aliases", "add", "example.com", "sales", "a@x.example", "b@x.example",
            "--tag", "team", "--tag", "q4");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body)
            .isEqualTo("{\"destinations\":[\"a@x.example\",\"b@x.example\"],\"tags\":[\"team\",\"q4\"]}");
        assertThat(server.onlyRequest().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aliasesImportShouldSendTheCsvThenWaitForTheTask(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("aliases.csv");
        Files.writeString(csv, "localPart,destinations\ninfo,a@x.example\nbilling,b@x.example\n");
        server.answer("POST", "/smtpy/domains/example.com/aliases/import?dryRun=true&partial=true", 201, "{\"taskId\":\"t-1\"}");
        server.answer("GET", "/smtpy/tasks/t-1/await?timeout=3600", 200, COMPLETED_IMPORT);

        CliRunner.Result result = cli().run("aliases", "import", "example.com", csv.toString(), "--dry-run", "--partial");

        assertThat(result.exitCode).isZero();
        assertThat(server.requests()).extracting(r -> r.method + " " + r.pathAndQuery).containsExactly(
            "POST /smtpy/domains/example.com/aliases/import?dryRun=true&partial=true",
            "GET /smtpy/tasks/t-1/await?timeout=3600");
        FakeSmtpyServer.RecordedRequest upload = server.requests().get(0);
        assertThat(upload.header("Content-Type")).isEqualTo("text/csv");
        assertThat(upload.body).isEqualTo("localPart,destinations\ninfo,a@x.example\nbilling,b@x.example\n");
        assertThat(result.stdout).isEqualTo(
            "Import completed: 2 lines read, 2 valid, 1 created, 1 updated, 0 errors; written.\n");
    }

    @Test
    void aliasesImportShouldAskAgainWhenTheServerStoppedWaiting(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("aliases.csv");
        Files.writeString(csv, "localPart,destinations\n");
        server.answer("POST", "/smtpy/domains/example.com/aliases/import", 201, "{\"taskId\":\"t-1\"}");
        server.answerOnce("GET", "/smtpy/tasks/t-1/await?timeout=3600", 408, "{\"message\":\"the task has not finished\"}");
        server.answer("GET", "/smtpy/tasks/t-1/await?timeout=3600", 200, COMPLETED_IMPORT);

        CliRunner.Result result = cli().run("aliases", "import", "example.com", csv.toString());

        assertThat(result.exitCode).isZero();
        assertThat(server.requests()).extracting(r -> r.method).containsExactly("POST", "GET", "GET");
    }

    @Test
    void aFailedImportShouldPrintItsErrorsAndExit1(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("aliases.csv");
        Files.writeString(csv, "localPart,destinations\ninfo,a@x.example\nbad,nope\n");
        server.answer("POST", "/smtpy/domains/example.com/aliases/import", 201, "{\"taskId\":\"t-1\"}");
        server.answer("GET", "/smtpy/tasks/t-1/await?timeout=3600", 200, FAILED_IMPORT);

        CliRunner.Result result = cli().run("aliases", "import", "example.com", csv.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stdout).endsWith(
            "LINE  FIELD         ERROR\n3     destinations  'nope' is not a valid mail address\n");
        assertThat(result.stderr).contains("the import failed; nothing was written");
    }

    @Test
    void aliasesImportWithJsonShouldPrintTheTaskAsIs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path csv = dir.resolve("aliases.csv");
        Files.writeString(csv, "localPart,destinations\n");
        server.answer("POST", "/smtpy/domains/example.com/aliases/import", 201, "{\"taskId\":\"t-1\"}");
        server.answer("GET", "/smtpy/tasks/t-1/await?timeout=3600", 200, COMPLETED_IMPORT);

        CliRunner.Result result = cli().run("aliases", "import", "example.com", csv.toString(), "--json");

        assertThat(result.stdout).isEqualTo(COMPLETED_IMPORT + "\n");
    }

    @Test
    void aliasesExportShouldStreamTheBodyToStdoutUnchanged() {
        String csv = "localPart,destinations,description,tags,enabled,expiresAt,createdAt,updatedAt\r\n"
            + "info,i@dest.example,,,true,,2026-03-01T12:00:00Z,2026-03-01T12:00:00Z\r\n";
        server.answer("GET", "/smtpy/domains/example.com/aliases/export?format=csv", 200, "text/csv; charset=utf-8", csv);

        CliRunner.Result result = cli().run("aliases", "export", "example.com", "--format", "csv");

        assertThat(result.exitCode).isZero();
        assertThat(result.stdout).isEqualTo(csv);
    }

    @Test
    void aRefusedExportShouldExit1WithTheMessage() {
        server.answer("GET", "/smtpy/domains/nope.example/aliases/export", 404,
            "{\"statusCode\":404,\"type\":\"notFound\",\"message\":\"domain nope.example does not exist\",\"details\":null}");

        CliRunner.Result result = cli().run("aliases", "export", "nope.example");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stdout).isEmpty();
        assertThat(result.stderr).isEqualTo("smtpy: domain nope.example does not exist (HTTP 404)\n");
    }
}
