package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smtpy.core.model.Limits;

class AliasRoutesTest {
    private static final String ALIASES = "/smtpy/domains/example.com/aliases";

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RoutesFixture(Limits.DEFAULT.withMaxDestinations(3));
        when().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static void createAlias(String localPart, String json) {
        given().body(json).put(ALIASES + "/" + localPart).then().statusCode(201);
    }

    private static JsonPath awaitTask(String taskId) {
        return when().get("/tasks/" + taskId + "/await?timeout=5minutes").then().statusCode(200).extract().jsonPath();
    }

    private static String importCsv(String query, String csv) {
        return given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
            .post(ALIASES + "/import" + query)
            .then().statusCode(201)
            .extract().jsonPath().getString("taskId");
    }

    @Test
    void putShouldCreateAnAliasWithEveryField() {
        given().body("{\"destinations\": [\"Jane@Dest.Example\", \"jane@dest.example\", \"ops@dest.example\"],"
                + " \"description\": \"Sales\", \"tags\": [\"Q4\", \"vip\"], \"enabled\": true, \"expiresAt\": \"2026-12-31T23:00:00+01:00\"}")
            .put(ALIASES + "/Sales")
        .then()
            .statusCode(201)
            .body("address", equalTo("sales@example.com"))
            .body("destinations", contains("Jane@dest.example", "ops@dest.example"))
            .body("tags", contains("q4", "vip"))
            .body("expiresAt", equalTo("2026-12-31T22:00:00Z"))
            .body("expired", is(false));

        when().get(ALIASES + "/SALES").then().statusCode(200).body("description", equalTo("Sales"));
        when().get("/smtpy/domains/example.com").then().body("aliases", is(1));
    }

    @Test
    void putOnAnExistingAliasShouldConflictAndChangeNothing() {
        createAlias("info", "{\"destinations\": [\"a@dest.example\"]}");

        given().body("{\"destinations\": [\"b@dest.example\"]}").put(ALIASES + "/info")
            .then().statusCode(409).body("message", containsString("already exists"));
        when().get(ALIASES + "/info").then().body("destinations", contains("a@dest.example"));
    }

    @Test
    void patchShouldChangeOnlyGivenFieldsAndNullClearsExpiry() {
        createAlias("info", "{\"destinations\": [\"a@dest.example\"], \"description\": \"d\", \"expiresAt\": \"2027-01-01T00:00:00Z\"}");
        fixture.clock.moveBy(Duration.ofMinutes(5));

        given().body("{\"tags\": [\"x\"], \"expiresAt\": null}").patch(ALIASES + "/info")
        .then()
            .statusCode(200)
            .body("destinations", contains("a@dest.example"))
            .body("description", equalTo("d"))
            .body("tags", contains("x"))
            .body("expiresAt", nullValue())
            .body("createdAt", equalTo("2026-03-01T12:00:00Z"))
            .body("updatedAt", equalTo("2026-03-01T12:05:00Z"));
    }

    @Test
    void deleteShouldRemoveTheAlias() {
        createAlias("info", "{\"destinations\": [\"a@dest.example\"]}");

        when().delete(ALIASES + "/info").then().statusCode(204);

        when().get(ALIASES + "/info").then().statusCode(404).body("message", containsString("alias info@example.com does not exist"));
        when().delete(ALIASES + "/info").then().statusCode(404);
    }

    @Test
    void badAliasBodiesShouldBePrecise400sAndWriteNothing() {
        given().body("{}").put(ALIASES + "/info").then().statusCode(400).body("message", containsString("Invalid destinations"));
        given().body("{\"destinations\": []}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("at least one destination"));
        given().body("{\"destinations\": [\"a@dest.example\", \"not an address\"]}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Invalid destinations[1]"));
        given().body("{\"destinations\": [\"a@x.example\", \"b@x.example\", \"c@x.example\", \"d@x.example\"]}").put(ALIASES + "/info")
            .then().statusCode(400).body("message", containsString("at most 3 destinations"));
        given().body("{\"destinations\": [\"a@x.example\"], \"destination\": \"typo\"}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("unknown field 'destination'"));
        given().body("{\"destinations\": [\"a@x.example\"], \"tags\": [\"bad tag\"]}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Invalid tags[0]"));
        given().body("{\"destinations\": [\"a@x.example\"], \"expiresAt\": \"tomorrow\"}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Invalid expiresAt"));
        given().body("{\"destinations\": [\"a@x.example\"], \"description\": \"" + "d".repeat(501) + "\"}").put(ALIASES + "/info")
            .then().statusCode(400).body("message", containsString("Invalid description"));
        given().body("[1,2]").put(ALIASES + "/info").then().statusCode(400).body("message", containsString("expected a JSON object"));
        given().body("{\"destinations\": [\"a@x.example\"]} trailing").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("malformed JSON"));

        when().get(ALIASES + "/info").then().statusCode(404);
        when().get(ALIASES).then().body("total", is(0));
    }

    @Test
    void badLocalPartsShouldBe400s() {
        given().body("{\"destinations\": [\"a@x.example\"]}").put(ALIASES + "/with space").then().statusCode(400)
            .body("message", containsString("Invalid localPart"));
        given().body("{\"destinations\": [\"a@x.example\"]}").put(ALIASES + "/tag+ged").then().statusCode(400)
            .body("message", containsString("must not contain '+'"));
        given().body("{\"destinations\": [\"a@x.example\"]}").put(ALIASES + "/" + "a".repeat(65)).then().statusCode(400)
            .body("message", containsString("longer than 64"));
        given().body("{\"destinations\": [\"a@x.example\"]}").put(ALIASES + "/").then().statusCode(400)
            .body("message", containsString("Invalid localPart: local part must not be empty"));
    }

    @Test
    void listShouldFilterAndPage() {
        for (int i = 0; i < 12; i++) {
            createAlias(String.format("user%02d", i), "{\"destinations\": [\"a@dest.example\"]" + (i % 3 == 0 ? ", \"tags\": [\"three\"]" : "") + "}");
        }
        createAlias("temp", "{\"destinations\": [\"t@dest.example\"], \"expiresAt\": \"2026-03-01T12:30:00Z\"}");

        given().queryParam("limit", 5).queryParam("offset", 10).get(ALIASES).then()
            .body("total", is(13)).body("aliases.localPart", contains("user09", "user10", "user11"))
            .body("aliases", hasSize(3));
        given().queryParam("tag", "three").get(ALIASES).then()
            .body("total", is(4)).body("aliases.localPart", contains("user00", "user03", "user06", "user09"));
        given().queryParam("q", "t@dest").get(ALIASES).then().body("aliases.localPart", contains("temp"));
        given().queryParam("expired", "false").get(ALIASES).then().body("total", is(13));
        fixture.clock.moveBy(Duration.ofHours(1));
        given().queryParam("expired", "true").get(ALIASES).then().body("total", is(1)).body("aliases[0].expired", is(true));

        given().queryParam("limit", 0).get(ALIASES).then().statusCode(400).body("message", containsString("Invalid limit"));
        given().queryParam("limit", 1001).get(ALIASES).then().statusCode(400);
        given().queryParam("offset", "x").get(ALIASES).then().statusCode(400).body("message", containsString("Invalid offset"));
        given().queryParam("expired", "maybe").get(ALIASES).then().statusCode(400).body("message", containsString("Invalid expired"));
    }

    @Test
    void importShouldCreateAndUpdateAsATask() {
        createAlias("info", "{\"destinations\": [\"old@dest.example\"]}");

        String taskId = importCsv("", "localPart,destinations,description,tags,enabled,expiresAt\r\n"
            + "info,new@dest.example,,,,\r\n"
            + "sales,\"a@dest.example, b@dest.example\",\"Sales, EMEA\",q4,true,2027-01-01T00:00:00Z\r\n");

        JsonPath task = awaitTask(taskId);
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getString("type")).isEqualTo("smtpy-alias-import");
        assertThat(task.getInt("additionalInformation.linesRead")).isEqualTo(2);
        assertThat(task.getInt("additionalInformation.created")).isEqualTo(1);
        assertThat(task.getInt("additionalInformation.updated")).isEqualTo(1);
        assertThat(task.getBoolean("additionalInformation.written")).isTrue();
        when().get(ALIASES + "/info").then().body("destinations", contains("new@dest.example"))
            .body("createdAt", equalTo("2026-03-01T12:00:00Z"));
        when().get(ALIASES + "/sales").then().body("destinations", contains("a@dest.example", "b@dest.example"))
            .body("description", equalTo("Sales, EMEA"));
    }

    @Test
    void importWithABadLineShouldWriteNothingAndReportTheLine() {
        String taskId = importCsv("", "localPart,destinations\ninfo,a@dest.example\nsales,not-an-address\nops,b@dest.example,extra\n");

        JsonPath task = awaitTask(taskId);
        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getBoolean("additionalInformation.written")).isFalse();
        assertThat(task.getInt("additionalInformation.errorCount")).isEqualTo(2);
        assertThat(task.getList("additionalInformation.errors.line", Integer.class)).containsExactly(3, 4);
        assertThat(task.getList("additionalInformation.errors.field", String.class)).containsExactly("destinations", "");
        when().get(ALIASES).then().body("total", is(0));
    }

    @Test
    void partialImportShouldWriteTheValidLines() {
        String taskId = importCsv("?partial=true", "localPart,destinations\ninfo,a@dest.example\nsales,not-an-address\n");

        JsonPath task = awaitTask(taskId);
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getInt("additionalInformation.created")).isEqualTo(1);
        assertThat(task.getInt("additionalInformation.errorCount")).isEqualTo(1);
        when().get(ALIASES).then().body("aliases.localPart", contains("info"));
    }

    @Test
    void dryRunShouldReportAndWriteNothing() {
        String taskId = importCsv("?dryRun=true", "localPart,destinations\ninfo,a@dest.example\nsales,b@dest.example\n");

        JsonPath task = awaitTask(taskId);
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getInt("additionalInformation.created")).isEqualTo(2);
        assertThat(task.getBoolean("additionalInformation.written")).isFalse();
        when().get(ALIASES).then().body("total", is(0));
    }

    @Test
    void importOf100000AliasesShouldComplete() {
        StringBuilder csv = new StringBuilder("\uFEFFlocalPart,destinations,tags\r\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("user").append(i).append(",\"u").append(i).append("@dest.example, backup@dest.example\",bulk\r\n");
        }

        JsonPath task = awaitTask(importCsv("", csv.toString()));

        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getInt("additionalInformation.created")).isEqualTo(100_000);
        when().get(ALIASES + "?limit=1&tag=bulk").then().body("total", is(100_000));
        when().get("/smtpy/domains/example.com/resolve/user99999").then()
            .body("outcome", equalTo("exact")).body("destinations", contains("u99999@dest.example", "backup@dest.example"));
    }

    @Test
    void importShouldRefuseBadRequestsUpFront() {
        given().contentType("text/csv").body("localPart,destinations\n").post("/smtpy/domains/unknown.example/aliases/import")
            .then().statusCode(404);
        given().contentType("text/csv").body(new byte[] {'l', ',', (byte) 0xC3, (byte) 0x28, '\n'}).post(ALIASES + "/import")
            .then().statusCode(400).body("message", containsString("not valid UTF-8"));
        given().contentType("text/csv").body("localPart,destinations\n").post(ALIASES + "/import?dryRun=perhaps")
            .then().statusCode(400).body("message", containsString("Invalid dryRun"));
    }

    @Test
    void exportShouldStreamCsvThatImportsBack() {
        createAlias("sales", "{\"destinations\": [\"Jane@dest.example\", \"ops@dest.example\"], \"description\": \"Sales, \\\"EMEA\\\"\\nline 2\","
            + " \"tags\": [\"a\", \"b\"], \"enabled\": false, \"expiresAt\": \"2027-01-01T00:00:00Z\"}");
        createAlias("info", "{\"destinations\": [\"i@dest.example\"]}");

        String csv = given().get(ALIASES + "/export?format=csv").then().statusCode(200)
            .contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).startsWith("localPart,destinations,description,tags,enabled,expiresAt,createdAt,updatedAt\r\ninfo,");

        when().delete("/smtpy/domains/example.com").then().statusCode(204);
        when().put("/smtpy/domains/example.com").then().statusCode(201);
        assertThat(awaitTask(importCsv("", csv)).getString("status")).isEqualTo("completed");

        when().get(ALIASES + "/sales").then()
            .body("destinations", contains("Jane@dest.example", "ops@dest.example"))
            .body("description", equalTo("Sales, \"EMEA\"\nline 2"))
            .body("tags", contains("a", "b"))
            .body("enabled", is(false))
            .body("expiresAt", equalTo("2027-01-01T00:00:00Z"));
    }

    @Test
    void exportShouldAlsoSpeakJson() {
        createAlias("info", "{\"destinations\": [\"i@dest.example\"]}");

        given().accept(ContentType.ANY).get(ALIASES + "/export?format=json").then().statusCode(200)
            .body("address", contains("info@example.com"))
            .body("[0].destinations", contains("i@dest.example"));
        when().get(ALIASES + "/export?format=xml").then().statusCode(400).body("message", containsString("Invalid format"));
        when().get("/smtpy/domains/unknown.example/aliases/export").then().statusCode(404);
    }

    @Test
    void importLargerThanTheLimitShouldBe413AndWriteNothing() {
        byte[] body = new byte[(int) RoutesFixture.IMPORT_MAX_BYTES + 1];
        java.util.Arrays.fill(body, (byte) 'a');

        given().contentType("text/csv").body(body).post(ALIASES + "/import").then().statusCode(413)
            .body("message", containsString("larger than the limit"));
        when().get(ALIASES).then().body("total", is(0));
    }

    @Test
    void importOfAFormEncodedBodyShouldBe415InsteadOfAnEmptyImport() {
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
            .body("localPart,destinations\ninfo,a@dest.example\n")
            .post(ALIASES + "/import")
            .then().statusCode(415).body("message", containsString("text/csv"));

        when().get(ALIASES).then().body("total", is(0));
    }

    @Test
    void partialImportOfAFileWithoutAnyValidLineShouldFail() {
        JsonPath task = awaitTask(importCsv("?partial=true", "local,destinations\ninfo,a@dest.example\n"));

        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getString("additionalInformation.errors[0].message")).contains("unknown column 'local'");
    }

    @Test
    void patchOfAnUnknownAliasShouldBe404() {
        given().body("{\"enabled\": false}").patch(ALIASES + "/ghost").then().statusCode(404);
    }

    @Test
    void invalidPatchShouldChangeNothing() {
        createAlias("info", "{\"destinations\": [\"a@dest.example\"]}");

        given().body("{\"destinations\": []}").patch(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("at least one destination"));
        given().body("{\"enabled\": false, \"enabled\": true}").patch(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Duplicate field 'enabled'"));

        when().get(ALIASES + "/info").then().body("destinations", contains("a@dest.example")).body("enabled", is(true));
    }

    @Test
    void destinationsOnIpLiteralsOrSingleLabelHostsShouldBeRefused() {
        given().body("{\"destinations\": [\"a@[127.0.0.1]\"]}").put(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Invalid destinations[0]"));
        given().body("{\"destinations\": [\"a@localhost\"]}").put(ALIASES + "/info").then().statusCode(400);
    }

    @Test
    void fallbacksShouldBeKeptInOrderAndValidated() {
        given().body("{\"destinations\": [\"a@dest.example\"], \"fallbacks\": [\"backup@dest.example\", \"last@dest.example\"]}")
            .put(ALIASES + "/info").then().statusCode(201)
            .body("fallbacks", contains("backup@dest.example", "last@dest.example"));
        given().body("{\"fallbacks\": [\"a@dest.example\"]}").patch(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("already a destination"));
        given().body("{\"fallbacks\": [\"nope\"]}").patch(ALIASES + "/info").then().statusCode(400)
            .body("message", containsString("Invalid fallbacks[0]"));
        given().body("{\"fallbacks\": []}").patch(ALIASES + "/info").then().statusCode(200).body("fallbacks", empty());
    }

    @Test
    void aliasListShouldBeEmptyForANewDomain() {
        when().get(ALIASES).then().statusCode(200).body("total", is(0)).body("aliases", empty())
            .body("limit", is(100)).body("offset", is(0));
    }
}
