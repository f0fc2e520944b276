package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.auditOfTheDefaultAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyOfAnotherAccount;
import static io.smtpy.webadmin.routes.RuleRoutesTest.keyWith;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.access.AuditEntry;
import io.smtpy.core.model.DomainName;
import io.smtpy.sending.queue.CopyStatus;
import io.smtpy.sending.queue.QueuedCopy;

class QueueRoutesTest {
    private static final String QUEUE = "/smtpy/domains/example.com/queue";
    private static final DomainName DOMAIN = DomainName.of("example.com");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
        op().put("/smtpy/domains/high.example").then().statusCode(201);
        fixture.ownerQueue.add(copy("q1", DOMAIN, "a@dest.example", CopyStatus.WAITING, 0));
        fixture.ownerQueue.add(copy("q2", DOMAIN, "b@dest.example", CopyStatus.WAITING, 3));
        fixture.ownerQueue.add(copy("q3", DOMAIN, "c@dest.example", CopyStatus.DELIVERING, 1));
        fixture.ownerQueue.add(copy("q4", DomainName.of("high.example"), "d@dest.example", CopyStatus.WAITING, 0));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private QueuedCopy copy(String id, DomainName domain, String recipient, CopyStatus status, int attempts) {
        fixture.clock.moveBy(Duration.ofSeconds(1));
        return new QueuedCopy(id, domain, "sales@" + domain.asString(), List.of(recipient), status, attempts,
            attempts > 0 ? "451 4.7.1 try later" : "waiting for its first attempt",
            status == CopyStatus.WAITING ? Optional.of(fixture.clock.instant().plusSeconds(60)) : Optional.empty(),
            fixture.clock.instant(), 5);
    }

    @Test
    void listShouldShowTheDomainsCopiesWithReasonAttemptsAndNextAttempt() {
        op().get(QUEUE).then().statusCode(200)
            .body("priorityClass", equalTo("normal"))
            .body("items.id", contains("q3", "q1", "q2"))
            .body("items[2].recipients", contains("b@dest.example"))
            .body("items[2].sender", equalTo("sales@example.com"))
            .body("items[2].status", equalTo("waiting"))
            .body("items[2].attempts", equalTo(3))
            .body("items[2].reason", equalTo("451 4.7.1 try later"))
            .body("items[2].nextAttempt", equalTo(fixture.ownerQueue.list(DOMAIN).get(2).nextAttempt().orElseThrow().toString()))
            .body("items[2].lane", equalTo("normal"))
            .body("items[0].status", equalTo("delivering"))
            .body("items[0].nextAttempt", nullValue());
        op().get("/smtpy/domains/high.example/queue").then().statusCode(200)
            .body("priorityClass", equalTo("high")).body("items.id", contains("q4"));
        op().get(QUEUE + "?minAttempts=1&status=waiting").then().statusCode(200).body("items.id", contains("q2"));
        op().get(QUEUE + "?recipient=A@DEST").then().statusCode(200).body("items.id", contains("q1"));
        op().get(QUEUE + "?status=lost").then().statusCode(400).body("message", containsString("status"));
    }

    @Test
    void holdReleaseRetryAndCancelShouldWorkOneByOneAndBeAudited() {
        op().post(QUEUE + "/q1/hold").then().statusCode(200).body("applied", equalTo(true)).body("action", equalTo("hold"));
        op().get(QUEUE + "?status=held").then().body("items.id", contains("q1"));
        op().post(QUEUE + "/q1/retry").then().statusCode(409).body("message", containsString("release it"));
        op().post(QUEUE + "/q1/release").then().statusCode(200);
        op().post(QUEUE + "/q1/release").then().statusCode(409).body("message", containsString("not held"));
        op().post(QUEUE + "/q2/retry").then().statusCode(200);
        op().post(QUEUE + "/q3/cancel").then().statusCode(409).body("message", containsString("being delivered"));
        op().post(QUEUE + "/q2/cancel").then().statusCode(200);
        op().post(QUEUE + "/q2/cancel").then().statusCode(404);
        op().post(QUEUE + "/q4/cancel").then().statusCode(404);
        op().post(QUEUE + "/q1/explode").then().statusCode(404);

        assertThat(fixture.ownerQueue.cancelled()).extracting(QueuedCopy::id).containsExactly("q2");
        List<AuditEntry> audit = auditOfTheDefaultAccount(fixture);
        assertThat(audit).extracting(AuditEntry::action).filteredOn(action -> action.startsWith("queue."))
            .hasSize(10).containsOnly("queue.act");
        assertThat(audit).filteredOn(entry -> entry.action().equals("queue.act")).extracting(AuditEntry::target)
            .anySatisfy(target -> assertThat(target).contains("/queue/q2/cancel"));
    }

    @Test
    void bulkActionsShouldTakeIdsOrAFilter() {
        op().body("{\"filter\":{\"minAttempts\":1}}").post(QUEUE + "/hold").then().statusCode(200)
            .body("action", equalTo("hold"))
            .body("applied", contains("q2"))
            .body("refused[0].id", equalTo("q3"))
            .body("refused[0].reason", equalTo("being delivered now"));
        op().body("{\"ids\":[\"q1\",\"q2\",\"nope\"]}").post(QUEUE + "/release").then().statusCode(200)
            .body("applied", contains("q2"))
            .body("refused.id", contains("q1", "nope"));
        // q2, released, is due now: it leaves before q1, due in a minute.
        op().body("{\"filter\":{}}").post(QUEUE + "/cancel").then().statusCode(200).body("applied", contains("q2", "q1"));
        op().body("{}").post(QUEUE + "/cancel").then().statusCode(400).body("message", containsString("'ids' or 'filter'"));
        op().body("{\"filter\":{\"colour\":\"red\"}}").post(QUEUE + "/cancel").then().statusCode(400)
            .body("message", containsString("filter.colour"));
        assertThat(fixture.ownerQueue.list(DOMAIN)).extracting(QueuedCopy::id).containsExactly("q3");
        assertThat(auditOfTheDefaultAccount(fixture)).extracting(AuditEntry::action).filteredOn("queue.bulk"::equals).hasSize(5);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndActingShouldNeedDomainsWrite() {
        String other = keyOfAnotherAccount();
        as(other).get(QUEUE).then().statusCode(404);
        as(other).post(QUEUE + "/q1/cancel").then().statusCode(404);
        String reader = keyWith("events:read");
        as(reader).get(QUEUE).then().statusCode(200).body("items", hasSize(3));
        as(reader).post(QUEUE + "/q1/cancel").then().statusCode(403);
        assertThat(fixture.ownerQueue.cancelled()).isEmpty();
    }
}
