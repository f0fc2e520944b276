package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.james.json.DTOConverter;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskId;
import org.apache.james.webadmin.dto.ExecutionDetailsDto;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.specification.RequestSpecification;
import io.smtpy.access.AccessId;
import io.smtpy.core.cluster.TaskLedger;
import io.smtpy.core.cluster.TaskRecord;
import io.smtpy.core.model.DomainName;
import io.smtpy.webadmin.tasks.AliasImportTask;
import io.smtpy.webadmin.tasks.AliasImportTaskDetailsDTO;
import io.smtpy.webadmin.tasks.DkimRotationTaskDetailsDTO;
import io.smtpy.webadmin.tasks.GatedTask;
import io.smtpy.webadmin.tasks.TaskRecords;

/**
 * {@code /smtpy/tasks} of a node (the fixture's server) for a task it runs itself, and for one another node runs: node
 * A here, its own task manager recording into the ledger the fixture's node reads, as two nodes share one store.
 */
class TaskRoutesTest {
    private static final DomainName ACME = DomainName.of("acme.example");

    private RoutesFixture fixture;
    private MemoryTaskManager taskManagerOfA;
    private TaskRecords recordsOfA;
    private String acme;

    @BeforeEach
    void start() {
        fixture = RoutesFixture.served();
        taskManagerOfA = new MemoryTaskManager(new Hostname("node-a.example"));
        recordsOfA = new TaskRecords(fixture.access.taskLedger, taskManagerOfA, fixture.clock);
        acme = op().body("{\"name\":\"Acme\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        op().put("/smtpy/domains/" + ACME.asString() + "?account=" + acme).then().statusCode(201);
    }

    @AfterEach
    void stop() {
        recordsOfA.close();
        taskManagerOfA.stop();
        fixture.close();
    }

    private RequestSpecification op() {
        return given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY);
    }

    /** A task node A's route started for Acme on acme.example. */
    private TaskId startOnA(org.apache.james.task.Task task) {
        TaskId id = taskManagerOfA.submit(task);
        recordsOfA.started(id, AccessId.of(acme), Optional.of(ACME));
        return id;
    }

    private String ownerOf(String account, String email) {
        op().body("{\"email\":\"" + email + "\",\"role\":\"owner\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/" + account + "/members").then().statusCode(201);
        return given().body("{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/session").then().statusCode(201).extract().path("token");
    }

    @Test
    void aTaskAnotherNodeRanShouldBeShownInTheJsonThatNodeShowsIt() throws Exception {
        TaskId id = startOnA(new AliasImportTask(fixture.directory, ACME, "localPart,destinations\ninfo,a@dest.example\nbad,not-an-address\n", false, true));
        taskManagerOfA.await(id, Duration.ofSeconds(30));
        recordsOfA.refresh();

        String remote = op().get("/smtpy/tasks/" + id.asString()).then().statusCode(200).extract().asString();
        String local = new JsonTransformer().render(ExecutionDetailsDto.from(DTOConverter.of(AliasImportTaskDetailsDTO.module(),
            DkimRotationTaskDetailsDTO.module()), taskManagerOfA.getExecutionDetails(id)));

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(remote)).isEqualTo(json.readTree(local));
        assertThat(json.readTree(remote).path("additionalInformation").path("created").asInt()).isEqualTo(1);
        assertThat(json.readTree(remote).path("executedOn").asText()).isEqualTo("node-a.example");
    }

    @Test
    void awaitShouldFollowATaskAnotherNodeRunsUntilItEnds() throws Exception {
        GatedTask task = GatedTask.completing(fixture.clock);
        TaskId id = startOnA(task);
        task.awaitRunning();
        recordsOfA.refresh();
        op().get("/smtpy/tasks/" + id.asString()).then().statusCode(200).body("status", is("inProgress"));
        CompletableFuture<io.restassured.response.Response> awaiting = CompletableFuture.supplyAsync(
            () -> op().get("/smtpy/tasks/" + id.asString() + "/await?timeout=30"));

        task.step("s1._domainkey.acme.example PENDING -> ACTIVE");
        task.open();
        io.restassured.response.Response answer = awaiting.get(30, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("status")).isEqualTo("completed");
        assertThat(answer.jsonPath().getList("additionalInformation.transitions")).containsExactly("s1._domainkey.acme.example PENDING -> ACTIVE");
    }

    @Test
    void awaitingATaskAnotherNodeRunsThatDoesNotEndInTimeShouldBe408() {
        GatedTask task = GatedTask.completing(fixture.clock);
        TaskId id = startOnA(task);

        op().get("/smtpy/tasks/" + id.asString() + "/await?timeout=1").then().statusCode(408)
            .body("type", is("WrongState")).body("message", is("The task has not finished within the timeout: ask again"));
        task.open();
    }

    @Test
    void aTaskWhoseNodeFellSilentShouldBeShownFailedAtItsLastHeartbeat() {
        TaskRecord running = TaskRecord.builder(TaskId.generateTaskId().asString(), AliasImportTask.TYPE.asString(), acme)
            .domain(Optional.of(ACME)).status(TaskRecord.Status.IN_PROGRESS).node("node-b.example")
            .submittedAt(RoutesFixture.NOW).startedAt(Optional.of(RoutesFixture.NOW)).heartbeatAt(RoutesFixture.NOW).build();
        fixture.access.taskLedger.record(running);
        op().get("/smtpy/tasks/" + running.id()).then().statusCode(200).body("status", is("inProgress"));

        fixture.clock.moveBy(TaskLedger.SILENCE.plusSeconds(1));

        op().get("/smtpy/tasks/" + running.id() + "/await?timeout=30").then().statusCode(200)
            .body("status", is("failed")).body("failedDate", notNullValue()).body("executedOn", is("node-b.example"));
    }

    @Test
    void aTaskAnotherNodeRunsShouldBeHiddenFromAnotherAccountsMember() {
        GatedTask task = GatedTask.completing(fixture.clock);
        TaskId id = startOnA(task);
        String ann = ownerOf(acme, "ann@acme.example");
        String beta = op().body("{\"name\":\"Beta\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        String bob = ownerOf(beta, "bob@beta.example");

        given().header("Authorization", "Bearer " + ann).get("/smtpy/tasks/" + id.asString()).then().statusCode(200);
        for (String path : new String[] {"/smtpy/tasks/" + id.asString(), "/smtpy/tasks/" + id.asString() + "/await?timeout=1"}) {
            given().header("Authorization", "Bearer " + bob).get(path).then().statusCode(404)
                .body("message", is("task " + id.asString() + " does not exist"));
        }
        task.open();
    }

    @Test
    void aTaskStartedThroughARouteShouldBeAnsweredByThisNodeAndRecordedForTheOthers() {
        String id = op().contentType("text/csv").body("localPart,destinations\ninfo,a@dest.example\n")
            .post("/smtpy/domains/acme.example/aliases/import").then().statusCode(201).extract().path("taskId");

        op().get("/smtpy/tasks/" + id + "/await?timeout=30").then().statusCode(200).body("status", is("completed"))
            .body("executedOn", is("test"));
        fixture.access.tasks.refresh();

        TaskRecord record = fixture.access.taskLedger.find(id).orElseThrow();
        assertThat(record.status()).isEqualTo(TaskRecord.Status.COMPLETED);
        assertThat(record.account()).isEqualTo(acme);
        assertThat(record.domain()).contains(ACME);
        assertThat(record.details()).hasValueSatisfying(details -> assertThat(details).contains("\"created\":1"));
    }
}
