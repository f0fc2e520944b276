package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.as;
import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smtpy.access.Account;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.LocalPart;

class MessageRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final String DOMAIN = "/smtpy/domains/example.com";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put(DOMAIN).then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private MailEvent.Builder event(String journey, MailEventType type, Instant at) {
        return MailEvent.builder(EXAMPLE, type, at).journeyId(journey).mailId(journey).messageId("<" + journey + "@sender.example>")
            .alias(LocalPart.of("sales")).sender("ann@sender.example");
    }

    /** A mail to sales, forwarded to two destinations: one accepted, one refused with 550. */
    private void forwardedWithOneBounce(String journey, Instant at) {
        fixture.events.append(event(journey, MailEventType.RECEIVED, at).recipients(List.of("sales@example.com")).build());
        fixture.events.append(event(journey, MailEventType.FORWARDED, at.plusMillis(5)).mailId(journey + "-copy")
            .sender("SRS0=x=YZ=sender.example=ann@example.com").recipients(List.of("jane@dest.example", "refuse-bob@dest.example"))
            .build());
        fixture.events.append(event(journey, MailEventType.DELIVERED, at.plusSeconds(1)).mailId(journey + "-copy")
            .recipients(List.of("jane@dest.example")).detail("accepted by dest.example").build());
        fixture.events.append(event(journey, MailEventType.BOUNCED, at.plusSeconds(2)).mailId(journey + "-copy")
            .recipients(List.of("refuse-bob@dest.example")).smtpCode(550).enhancedStatus("5.1.1")
            .detail("550 5.1.1 refuse-bob@dest.example: no such user").build());
    }

    @Test
    void aJourneyShouldShowEveryStepInOrderWithTheRemoteReply() {
        forwardedWithOneBounce("m1", T0);

        op().get(DOMAIN + "/messages/m1")
        .then()
            .statusCode(200)
            .body("id", equalTo("m1"))
            .body("messageId", equalTo("<m1@sender.example>"))
            .body("events.type", contains("received", "forwarded", "delivered", "bounced"))
            .body("events.at", contains("2026-03-01T12:00:00Z", "2026-03-01T12:00:00.005Z", "2026-03-01T12:00:01Z",
                "2026-03-01T12:00:02Z"))
            .body("events[3].smtpCode", equalTo(550))
            .body("events[3].detail", equalTo("550 5.1.1 refuse-bob@dest.example: no such user"));
    }

    @Test
    void theListShouldShowOneItemPerMessageSummedUpFromItsEvents() {
        forwardedWithOneBounce("m1", T0);

        op().get(DOMAIN + "/messages")
        .then()
            .statusCode(200)
            .body("items.id", contains("m1"))
            .body("items[0].messageId", equalTo("<m1@sender.example>"))
            .body("items[0].sender", equalTo("ann@sender.example"))
            .body("items[0].recipients", contains("sales@example.com"))
            .body("items[0].status", equalTo("bounced"))
            .body("items[0].firstAt", equalTo("2026-03-01T12:00:00Z"))
            .body("items[0].lastAt", equalTo("2026-03-01T12:00:02Z"))
            .body("$", not(hasKey("next")));
    }

    @Test
    void theCursorShouldWalkEveryMessageOnceNewestFirstWhileNewMailArrives() {
        for (int i = 0; i < 5; i++) {
            forwardedWithOneBounce("m" + i, T0.plusSeconds(10 * i));
        }

        String next = op().get(DOMAIN + "/messages?limit=2").then().statusCode(200).body("items.id", contains("m4", "m3"))
            .extract().path("next");
        forwardedWithOneBounce("m9", T0.plusSeconds(100));
        next = op().get(DOMAIN + "/messages?limit=2&cursor=" + next).then().statusCode(200).body("items.id", contains("m2", "m1"))
            .extract().path("next");
        op().get(DOMAIN + "/messages?limit=2&cursor=" + next).then().statusCode(200).body("items.id", contains("m0"))
            .body("$", not(hasKey("next")));
    }

    @Test
    void theListShouldFilterByMessageIdStatusAliasAndTimeRange() {
        forwardedWithOneBounce("m1", T0);
        fixture.events.append(event("m2", MailEventType.RECEIVED, T0.plusSeconds(60)).alias(LocalPart.of("info")).build());
        fixture.events.append(event("m2", MailEventType.DELIVERED, T0.plusSeconds(61)).alias(LocalPart.of("info")).build());

        op().get(DOMAIN + "/messages?messageId=<m2@sender.example>").then().body("items.id", contains("m2"));
        op().get(DOMAIN + "/messages?status=bounced").then().body("items.id", contains("m1"));
        op().get(DOMAIN + "/messages?alias=info").then().body("items.id", contains("m2"));
        op().get(DOMAIN + "/messages?from=2026-03-01T12:00:30Z").then().body("items.id", contains("m2"));
        op().get(DOMAIN + "/messages?to=2026-03-01T12:00:30Z").then().body("items.id", contains("m1"));
    }

    @Test
    void theListShouldSearchBySenderRecipientReasonRuleRemoteMtaAndSubjectWithAStableCursor() {
        for (int i = 0; i < 3; i++) {
            forwardedWithOneBounce("m" + i, T0.plusSeconds(10 * i));
        }
        fixture.events.append(event("held", MailEventType.RECEIVED, T0.plusSeconds(40)).sender("carl@other.example")
            .recipients(List.of("sales@example.com")).subject("Quarterly INVOICE").build());
        fixture.events.append(event("held", MailEventType.QUARANTINED, T0.plusSeconds(41))
            .detail("quarantined by rule 'invoices' of sales@example.com").build());

        op().get(DOMAIN + "/messages?sender=CARL@other.example").then().statusCode(200).body("items.id", contains("held"));
        op().get(DOMAIN + "/messages?recipient=refuse-bob@dest.example").then().body("items.id", contains("m2", "m1", "m0"));
        op().queryParam("reason", "no such user").queryParam("status", "bounced").get(DOMAIN + "/messages").then().body("items.id", contains("m2", "m1", "m0"));
        op().get(DOMAIN + "/messages?rule=invoices").then().body("items.id", contains("held"));
        op().get(DOMAIN + "/messages?remoteMta=dest.example").then().body("items.id", contains("m2", "m1", "m0"));
        op().get(DOMAIN + "/messages?subject=invoice").then().body("items.id", contains("held"))
            .body("items[0].subject", equalTo("Quarterly INVOICE"));
        String next = op().get(DOMAIN + "/messages?remoteMta=dest.example&limit=2").then().body("items.id", contains("m2", "m1"))
            .extract().path("next");
        op().get(DOMAIN + "/messages?remoteMta=dest.example&limit=2&cursor=" + next).then().body("items.id", contains("m0"))
            .body("$", not(hasKey("next")));
    }

    @Test
    void aDomainThatHashesSubjectsShouldBeSearchedByExactlyTheSubjectAndShowTheHash() {
        op().body("{\"eventPrivacy\": \"hashed\"}").patch(DOMAIN).then().statusCode(200);
        String kept = EventPrivacy.HASHED.subject("Salary review").orElseThrow();
        fixture.events.append(event("secret", MailEventType.RECEIVED, T0).sender(EventPrivacy.HASHED.address("ann@sender.example"))
            .subject(kept).build());

        op().queryParam("subject", "Salary review").get(DOMAIN + "/messages").then().statusCode(200).body("items.id", contains("secret"))
            .body("items[0].subject", equalTo(kept));
        op().get(DOMAIN + "/messages?subject=Salary").then().statusCode(200).body("items", empty());
        op().get(DOMAIN + "/messages?sender=Ann@Sender.example").then().body("items.id", contains("secret"));
        op().get(DOMAIN + "/messages/secret").then().statusCode(200).body("subject", equalTo(kept))
            .body("events[0].subject", equalTo(kept));
    }

    @Test
    void aDomainThatKeepsNoSubjectsShouldFindNothingBySubjectOrAddress() {
        op().body("{\"eventPrivacy\": \"none\"}").patch(DOMAIN).then().statusCode(200);
        fixture.events.append(event("private", MailEventType.RECEIVED, T0).sender(EventPrivacy.NOT_KEPT).build());

        op().get(DOMAIN + "/messages").then().statusCode(200).body("items.id", contains("private"))
            .body("items[0].subject", nullValue());
        op().get(DOMAIN + "/messages?subject=anything").then().statusCode(200).body("items", empty());
        op().get(DOMAIN + "/messages?sender=" + EventPrivacy.NOT_KEPT).then().statusCode(200).body("items", empty());
    }

    @ParameterizedTest
    @CsvSource({
        "messages?sender=SENDER321, sender",
        "messages?subject=SUBJECT201, subject",
        "messages?reason=REASON1001, reason",
        "messages?status=lost, status",
        "messages?alias=tag+ged, alias",
        "messages?from=yesterday, from",
        "messages?to=2026-03-01, to",
        "messages?limit=0, limit",
        "messages?cursor=bm90LWEtY3Vyc29y, cursor",
        "events/export?format=xml, format",
        "events/export?type=lost, type"
    })
    void invalidParametersShouldBe400sNamingTheParameter(String query, String parameter) {
        // SENDER321 stands for 321 characters, one more than an event keeps of the parameter.
        String expanded = java.util.regex.Pattern.compile("[A-Z]+([0-9]+)").matcher(query)
            .replaceAll(match -> "x".repeat(Integer.parseInt(match.group(1))));
        op().get(DOMAIN + "/" + expanded)
        .then()
            .statusCode(400)
            .body("type", equalTo("InvalidArgument"))
            .body("message", containsString("Invalid " + parameter + ":"));
    }

    @Test
    void unknownMessagesAndDomainsShouldBe404() {
        forwardedWithOneBounce("m1", T0);

        op().get(DOMAIN + "/messages/unknown").then().statusCode(404);
        op().get("/smtpy/domains/unknown.example/messages").then().statusCode(404);
        op().get("/smtpy/domains/unknown.example/messages/m1").then().statusCode(404);
        op().get("/smtpy/domains/unknown.example/events/export").then().statusCode(404);
    }

    @Test
    void anotherAccountsDomainShouldBe404AndAMissingPermission403() {
        forwardedWithOneBounce("m1", T0);
        String account = op().body("{\"name\":\"Other\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        String other = op().body("{\"name\":\"reader\",\"permissions\":[\"events:read\"]}")
            .post("/smtpy/accounts/" + account + "/keys").then().statusCode(201).extract().path("secret");
        String noEvents = op().body("{\"name\":\"limited\",\"permissions\":[\"domains:read\"]}")
            .post("/smtpy/accounts/" + Account.DEFAULT_ID.asString() + "/keys").then().statusCode(201).extract().path("secret");

        as(other).get(DOMAIN + "/messages").then().statusCode(404);
        as(other).get(DOMAIN + "/messages/m1").then().statusCode(404);
        as(other).get(DOMAIN + "/events/export").then().statusCode(404);
        as(noEvents).get(DOMAIN + "/messages/m1").then().statusCode(403);
    }

    @Test
    void theExportShouldWriteEveryMatchingEventOldestFirstAsCsv() {
        forwardedWithOneBounce("m1", T0);
        fixture.events.append(event("m2", MailEventType.RECEIVED, T0.plusSeconds(60)).detail("=cmd|' /C calc'!A0").build());

        String csv = op().get(DOMAIN + "/events/export?format=csv&messageId=<m1@sender.example>")
            .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();

        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("id,at,journeyId,type,alias,messageId,mailId,sender,recipients,smtpCode,enhancedStatus,detail,subject");
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(1, 5)).extracting(line -> line.split(",")[3]).containsExactly("received", "forwarded", "delivered",
            "bounced");
        assertThat(lines.get(4)).contains(",550,5.1.1,550 5.1.1 refuse-bob@dest.example: no such user");
    }

    @Test
    void theExportShouldWriteOneJsonEventPerLineAndFilterByType() {
        forwardedWithOneBounce("m1", T0);
        forwardedWithOneBounce("m2", T0.plusSeconds(60));

        String ndjson = op().get(DOMAIN + "/events/export?type=bounced")
            .then().statusCode(200).contentType(containsString("application/x-ndjson")).extract().asString();

        List<String> lines = List.of(ndjson.split("\n"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"journeyId\":\"m1\"").contains("\"type\":\"bounced\"");
        assertThat(lines.get(1)).contains("\"journeyId\":\"m2\"");
    }

    private void keepFailedCopy(String journey) {
        fixture.failedCopies.keep(EXAMPLE, journey, Optional.of("sales"), Optional.of("<" + journey + "@sender.example>"),
            "SRS0=x=YZ=sender.example=ann@example.com", List.of("refuse-bob@dest.example"), 20,
            () -> "Subject: hi\r\n\r\nhello\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theJourneyShouldSayWhetherAFailedCopyIsKeptAndUntilWhen() {
        forwardedWithOneBounce("m1", T0);
        forwardedWithOneBounce("m2", T0.plusSeconds(10));
        keepFailedCopy("m1");

        op().get(DOMAIN + "/messages/m1").then().statusCode(200)
            .body("failedCopy.kept", is(true)).body("failedCopy.until", equalTo(fixture.clock.instant().plus(java.time.Duration.ofDays(5)).toString()));
        op().get(DOMAIN + "/messages/m2").then().statusCode(200)
            .body("failedCopy.kept", is(false)).body("failedCopy.until", nullValue());
    }

    @Test
    void resendShouldSendTheKeptCopyAnswer202RecordResentAndBeAudited() {
        forwardedWithOneBounce("m1", T0);
        keepFailedCopy("m1");

        op().body("{\"to\":\"other@elsewhere.example\"}").post(DOMAIN + "/messages/m1/resend")
            .then().statusCode(202).body("copyId", equalTo("resent-1"));

        assertThat(fixture.resent).containsExactly("other@elsewhere.example m1");
        op().get(DOMAIN + "/messages/m1").then().body("events.type", hasItem("resent"))
            .body("events.find { it.type == 'resent' }.recipients", contains("other@elsewhere.example"));
        assertThat(RuleRoutesTest.auditOfTheDefaultAccount(fixture)).extracting(entry -> entry.action()).contains("message.resend");
    }

    @Test
    void resendShouldRefuseABadAddressAndAnswer404WhenNothingIsKept() {
        forwardedWithOneBounce("m1", T0);
        keepFailedCopy("m1");

        op().body("{\"to\":\"not an address\"}").post(DOMAIN + "/messages/m1/resend").then().statusCode(400)
            .body("message", containsString("Invalid to"));
        op().body("{}").post(DOMAIN + "/messages/m1/resend").then().statusCode(400).body("message", containsString("Invalid to"));
        op().body("{\"to\":\"x@y.example\",\"cc\":1}").post(DOMAIN + "/messages/m1/resend").then().statusCode(400)
            .body("message", containsString("Invalid cc"));
        op().body("{\"to\":\"x@y.example\"}").post(DOMAIN + "/messages/m2/resend").then().statusCode(404);
        op().body("{\"to\":\"x@y.example\"}").post("/smtpy/domains/unknown.example/messages/m1/resend").then().statusCode(404);
        assertThat(fixture.resent).isEmpty();
        op().get(DOMAIN + "/messages/m1").then().body("events.type", not(hasItem("resent")));
    }
}
