package io.smtpy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesListsQuarantineCommandsTest extends AgainstFakeServer {
    private static final String RULES = "{\"timeZone\":\"UTC\",\"rules\":[{\"name\":\"invoices\",\"enabled\":true,"
        + "\"conditions\":{\"all\":[]},\"actions\":[{\"type\":\"stop\"}],\"hits\":{\"count\":3}}]}";
    private static final String TRACE = "{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\",\"alias\":\"sales\","
        + "\"disposition\":\"reject\",\"decidedBy\":{\"scope\":\"example.com\",\"name\":\"no spam\"},\"rejectText\":\"go away\","
        + "\"replacedDestinations\":null,\"addedDestinations\":[\"books@x.example\"],\"addedHeaders\":[],\"subjectPrefixes\":[],\"posts\":[],"
        + "\"trace\":[{\"scope\":\"example.com\",\"name\":\"no spam\",\"outcome\":\"matched\",\"matched\":true,\"why\":\"sender ends with: yes\","
        + "\"actions\":[\"reject\"]}]}";

    @Test
    void rulesGetShouldPrintTheListOfTheDomainOrOfTheAlias() {
        server.answer("GET", "/smtpy/domains/example.com/rules", 200, RULES);
        server.answer("GET", "/smtpy/domains/example.com/aliases/sales/rules", 200, "{\"rules\":[]}");

        assertThat(cli().run("rules", "get", "example.com").stdout).isEqualTo(RULES + "\n");
        assertThat(cli().run("rules", "get", "example.com", "--alias", "sales").stdout).isEqualTo("{\"rules\":[]}\n");
    }

    @Test
    void rulesSetShouldPutTheFileAsIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, RULES);
        server.answer("PUT", "/smtpy/domains/example.com/aliases/sales/rules", 200, RULES);

        CliRunner.Result result = cli().run("rules", "set", "example.com", "--alias", "sales", "--file", file.toString());

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo(RULES);
        assertThat(server.onlyRequest().header("Content-Type")).isEqualTo("application/json");
        assertThat(result.stdout).isEqualTo("Set 1 rule on sales@example.com.\n");
        assertThat(cli().run("rules", "set", "example.com").exitCode).isNotZero();
    }

    @Test
    void rulesTestShouldSendTheEnvelopeTheMessageAndVerdictsAndPrintTheTrace(@TempDir Path dir) throws Exception {
        Path message = dir.resolve("m.eml");
        Files.writeString(message, "Subject: hi\r\n\r\nbody\r\n");
        server.answer("POST", "/smtpy/domains/example.com/rules/test", 200, TRACE);

        CliRunner.Result result = cli().run("rules", "test", "example.com", "--sender", "a@b.example", "--recipient", "sales@example.com",
            "--file", message.toString(), "--verdict", "dmarc=fail", "--verdict", "spf=pass");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"sender\":\"a@b.example\",\"recipient\":\"sales@example.com\","
            + "\"message\":\"Subject: hi\\r\\n\\r\\nbody\\r\\n\",\"verdicts\":{\"dmarc\":\"fail\",\"spf\":\"pass\"}}");
        assertThat(result.stdout).isEqualTo(
            "SCOPE        RULE     OUTCOME  WHY                    ACTIONS\n"
                + "example.com  no spam  matched  sender ends with: yes  reject\n"
                + "Decision: reject by rule 'no spam' of example.com (\"go away\").\n"
                + "Also to: books@x.example\n");
        assertThat(cli().run("rules", "test", "example.com", "--sender", "a@b.example", "--recipient", "s@example.com",
            "--file", message.toString(), "--verdict", "dmarc").exitCode).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void listsAddShouldPostTheEntry() {
        server.answer("POST", "/smtpy/domains/example.com/lists", 201, "{\"id\":\"e-1\",\"type\":\"block\",\"value\":\"spam.example\"}");

        CliRunner.Result result = cli().run("lists", "add", "example.com", "block", "*@spam.example", "--alias", "sales",
            "--action", "drop", "--note", "junk", "--expires", "2026-12-31T00:00:00Z");

        assertThat(result.exitCode).isZero();
        assertThat(server.onlyRequest().body).isEqualTo("{\"type\":\"block\",\"value\":\"*@spam.example\",\"alias\":\"sales\","
            + "\"action\":\"drop\",\"note\":\"junk\",\"expiresAt\":\"2026-12-31T00:00:00Z\"}");
        assertThat(result.stdout).isEqualTo("Added block entry e-1 (spam.example) on sales@example.com.\n");
        assertThat(cli().run("lists", "add", "example.com", "deny", "x@y.example").exitCode).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void listsListRemoveAndExportShouldAddressTheDomainsLists() {
        server.answer("GET", "/smtpy/domains/example.com/lists?alias=sales&type=block", 200,
            "[{\"id\":\"e-1\",\"type\":\"block\",\"value\":\"spam.example\",\"action\":\"reject\",\"alias\":\"sales\",\"hits\":2,"
                + "\"lastHitAt\":\"2026-03-01T12:00:00Z\",\"note\":\"\"}]");
        server.answer("DELETE", "/smtpy/domains/example.com/lists/e-1", 204, "");
        server.answer("GET", "/smtpy/domains/example.com/lists/export", 200, "text/csv", "type,value\nblock,spam.example\n");

        assertThat(cli().run("lists", "list", "example.com", "--alias", "sales", "--type", "block").stdout).isEqualTo(
            "ID   TYPE   VALUE         ACTION  ALIAS  HITS  LAST HIT              NOTE\n"
                + "e-1  block  spam.example  reject  sales  2     2026-03-01T12:00:00Z\n");
        assertThat(cli().run("lists", "remove", "example.com", "e-1").stdout).isEqualTo("Removed entry e-1.\n");
        assertThat(cli().run("lists", "export", "example.com").stdout).isEqualTo("type,value\nblock,spam.example\n");
    }

    @Test
    void listsImportShouldPrintRefusedLinesAndExit1(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("lists.csv");
        Files.writeString(csv, "type,value\nblock,a@b.example\nblock,not an address\n");
        server.answer("POST", "/smtpy/domains/example.com/lists/import", 200,
            "{\"records\":2,\"added\":1,\"errors\":[{\"line\":3,\"field\":\"value\",\"message\":\"must not contain spaces\"}]}");

        CliRunner.Result result = cli().run("lists", "import", "example.com", csv.toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(server.onlyRequest().header("Content-Type")).isEqualTo("text/csv");
        assertThat(result.stdout).isEqualTo("Import: 2 lines read, 1 added, 1 refused.\n"
            + "LINE  FIELD  ERROR\n3     value  must not contain spaces\n");
    }

    @Test
    void quarantineListShouldPassTheFiltersAndSayWhenThereIsMore() {
        server.answer("GET", "/smtpy/domains/example.com/quarantine?alias=sales&kind=quarantined&state=all&sender=eve&limit=1", 200,
            "{\"items\":[{\"id\":\"q-1\",\"receivedAt\":\"2026-03-01T12:00:00Z\",\"kind\":\"quarantined\",\"state\":\"held\","
                + "\"alias\":\"sales\",\"sender\":\"eve@phish.example\",\"subject\":\"Urgent\",\"reason\":\"dmarc\"}],"
                + "\"total\":4,\"limit\":1,\"offset\":0}");

        CliRunner.Result result = cli().run("quarantine", "list", "example.com", "--alias", "sales", "--kind", "quarantined",
            "--state", "all", "--sender", "eve", "--limit", "1");

        assertThat(result.stdout).isEqualTo(
            "ID   RECEIVED              KIND         STATE  ALIAS  SENDER             SUBJECT  REASON\n"
                + "q-1  2026-03-01T12:00:00Z  quarantined  held   sales  eve@phish.example  Urgent   dmarc\n"
                + "1 of 4 shown (--limit N for more).\n");
    }

    @Test
    void quarantineShowShouldPrintTheMetadataFieldsAndPreview() {
        server.answer("GET", "/smtpy/domains/example.com/quarantine/q-1", 200,
            "{\"id\":\"q-1\",\"state\":\"held\",\"sender\":\"eve@phish.example\",\"reason\":\"dmarc\",\"preview\":{\"fields\":"
                + "[{\"name\":\"Subject\",\"value\":\"Urgent\"}],\"text\":\"Click here\",\"truncated\":true,\"attachments\":[]}}");

        CliRunner.Result result = cli().run("quarantine", "show", "example.com", "q-1");

        assertThat(result.stdout).isEqualTo("id      q-1\nstate   held\nsender  eve@phish.example\nreason  dmarc\n\n"
            + "FIELD    VALUE\nSubject  Urgent\n\nClick here\n[...]\n");
    }

    @Test
    void quarantineReleaseAndDeleteShouldAddressTheMail() {
        server.answer("POST", "/smtpy/domains/example.com/quarantine/q-1/release", 200,
            "{\"id\":\"q-1\",\"state\":\"released\",\"recipients\":[\"sales@example.com\"],\"allowEntry\":{\"value\":\"eve@phish.example\"}}");
        server.answer("DELETE", "/smtpy/domains/example.com/quarantine/q-2", 204, "");

        CliRunner.Result released = cli().run("quarantine", "release", "example.com", "q-1", "--allow-sender");
        assertThat(server.onlyRequest().body).isEqualTo("{\"allowSender\":true}");
        assertThat(released.stdout).isEqualTo("Released q-1 to sales@example.com; eve@phish.example is allowed from now on.\n");
        assertThat(cli().run("quarantine", "delete", "example.com", "q-2").stdout).isEqualTo("Deleted q-2.\n");
    }

    @Test
    void aConflictShouldExit1WithTheServersMessage() {
        server.answer("POST", "/smtpy/domains/example.com/quarantine/q-1/release", 409,
            "{\"statusCode\":409,\"type\":\"WrongState\",\"message\":\"quarantined mail q-1 is released, only a held mail can be released\"}");

        CliRunner.Result result = cli().run("quarantine", "release", "example.com", "q-1");

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("only a held mail can be released");
    }
}
