package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smtpy.access.AccessId;
import io.smtpy.access.AuditEntry;
import io.smtpy.access.store.AuditQuery;
import io.smtpy.core.model.Limits;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/** Accounts, members, sessions, keys, invitations, the audit log and the OpenAPI document, over real HTTP. */
class AccessRoutesTest {
    private RoutesFixture fixture;

    @BeforeEach
    void start() {
        fixture = new RoutesFixture(Limits.DEFAULT);
        // The fixture's default calls as the operator; here each call says who it is.
        io.restassured.RestAssured.reset();
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
            .setPort(fixture.server.getPort().getValue()).setContentType(ContentType.JSON).build();
    }

    private RequestSpecification op() {
        return given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private RequestSpecification anonymous() {
        return given();
    }

    /** A fresh spec without the operator header the fixture sets by default. */
    private RequestSpecification bare() {
        return given();
    }

    private String createAccount(String name) {
        return op().body("{\"name\":\"" + name + "\"}").post("/smtpy/accounts").then().statusCode(201)
            .body("id", notNullValue()).extract().path("id");
    }

    private String addOwner(String account, String email) {
        return op().body("{\"email\":\"" + email + "\",\"role\":\"owner\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/" + account + "/members").then().statusCode(201).extract().path("memberId");
    }

    private String login(String email) {
        return bare().body("{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/session").then().statusCode(201).extract().path("token");
    }

    @Test
    void noCredentialsShouldBe401WithJamesErrorJson() {
        bare().get("/smtpy/domains").then().statusCode(401)
            .body("statusCode", is(401)).body("message", containsString("Authorization: Bearer"));
        bare().header("Authorization", "Bearer smtpy_key_abc_" + "0".repeat(64)).get("/smtpy/domains").then().statusCode(401);
    }

    @Test
    void aDomainCreatedWithAnAccountsSessionBelongsToItAndIsInvisibleToAnother() {
        String a = createAccount("Acme");
        String b = createAccount("Beta");
        addOwner(a, "ann@acme.example");
        addOwner(b, "bob@beta.example");
        String ann = login("ann@acme.example");
        String bob = login("bob@beta.example");

        bare().header("Authorization", "Bearer " + ann).put("/smtpy/domains/acme.example").then().statusCode(201);
        bare().header("Authorization", "Bearer " + ann).body("{\"destinations\":[\"x@dest.example\"]}")
            .put("/smtpy/domains/acme.example/aliases/sales").then().statusCode(201);

        bare().header("Authorization", "Bearer " + bob).get("/smtpy/domains").then().statusCode(200).body("name", not(hasItem("acme.example")));
        for (String path : List.of("/smtpy/domains/acme.example", "/smtpy/domains/acme.example/aliases",
            "/smtpy/domains/acme.example/aliases/sales", "/smtpy/domains/acme.example/aliases/export",
            "/smtpy/domains/acme.example/events", "/smtpy/accounts/" + a, "/smtpy/accounts/" + a + "/keys",
            "/smtpy/accounts/" + a + "/members", "/smtpy/accounts/" + a + "/audit")) {
            Response answer = bare().header("Authorization", "Bearer " + bob).get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
        }
        // The same answer as for a domain nobody has: nothing to infer.
        String unknown = bare().header("Authorization", "Bearer " + bob).get("/smtpy/domains/nobody.example").then().statusCode(404)
            .extract().path("message");
        String theirs = bare().header("Authorization", "Bearer " + bob).get("/smtpy/domains/acme.example").then().statusCode(404)
            .extract().path("message");
        assertThat(theirs).isEqualTo(unknown.replace("nobody.example", "acme.example"));
        bare().header("Authorization", "Bearer " + bob).delete("/smtpy/domains/acme.example").then().statusCode(404);
        assertThat(fixture.directory.domain(io.smtpy.core.model.DomainName.of("acme.example"))).isPresent();
        bare().header("Authorization", "Bearer " + bob).get("/smtpy/accounts").then().body("id", not(hasItem(a)));
        assertThat(fixture.access.access.ownerOf(io.smtpy.core.model.DomainName.of("acme.example")).asString()).isEqualTo(a);
    }

    @Test
    void keysCarryAtMostTheirCreatorsPermissionsAndAreShownOnce() {
        String a = createAccount("Acme");
        op().put("/smtpy/domains/acme.example?account=" + a).then().statusCode(201);
        Response created = op().body("{\"name\":\"ci\",\"preset\":\"aliases-only\",\"domains\":[\"acme.example\"]}")
            .post("/smtpy/accounts/" + a + "/keys");
        created.then().statusCode(201).body("secret", containsString("smtpy_key_"));
        String secret = created.path("secret");
        String keyId = created.path("id");

        op().get("/smtpy/accounts/" + a + "/keys").then().statusCode(200)
            .body("items[0].id", is(keyId)).body("items[0].secret", is((Object) null))
            .body("items[0].permissions", is(List.of("aliases:read", "aliases:write")));
        as(secret).body("{\"destinations\":[\"x@dest.example\"]}").put("/smtpy/domains/acme.example/aliases/ops").then().statusCode(201);
        as(secret).delete("/smtpy/domains/acme.example").then().statusCode(403);
        as(secret).get("/smtpy/accounts/" + a + "/keys").then().statusCode(403);
        // A key may not mint a key with more than it has.
        as(secret).body("{\"name\":\"more\",\"permissions\":[\"domains:write\"]}").post("/smtpy/accounts/" + a + "/keys").then().statusCode(403);

        op().delete("/smtpy/accounts/" + a + "/keys/" + keyId).then().statusCode(204);
        as(secret).get("/smtpy/domains/acme.example/aliases").then().statusCode(401);
    }

    @Test
    void aMemberCanRaiseNoKeyAboveTheirRole() {
        String a = createAccount("Acme");
        op().body("{\"email\":\"ro@acme.example\",\"role\":\"admin\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/" + a + "/members").then().statusCode(201);
        String admin = login("ro@acme.example");
        as(admin).body("{\"name\":\"k\",\"permissions\":[\"account:manage\"]}").post("/smtpy/accounts/" + a + "/keys").then()
            .statusCode(400).body("message", containsString("account:manage"));
        as(admin).body("{\"name\":\"k\",\"permissions\":[\"aliases:read\"]}").post("/smtpy/accounts/" + a + "/keys").then().statusCode(201);
    }

    @Test
    void anAccountAlwaysKeepsAnOwner() {
        String a = createAccount("Acme");
        String owner = addOwner(a, "ann@acme.example");
        op().body("{\"role\":\"admin\"}").patch("/smtpy/accounts/" + a + "/members/" + owner).then().statusCode(400)
            .body("message", containsString("at least one owner"));
        op().delete("/smtpy/accounts/" + a + "/members/" + owner).then().statusCode(400);
    }

    @Test
    void invitationsGrantExactlyTheInvitedRoleOnceAndRevokedOnesFail() {
        String a = createAccount("Acme");
        op().body("{\"email\":\"new@acme.example\",\"role\":\"read-only\"}").post("/smtpy/accounts/" + a + "/members")
            .then().statusCode(202).body("role", is("read-only")).body("state", is("pending"));
        assertThat(fixture.access.mailed).hasSize(1);
        String token = fixture.access.mailed.get(0).token;

        bare().body("{\"token\":\"" + token + "\",\"password\":\"correct horse battery\"}").post("/smtpy/invitations/accept")
            .then().statusCode(200).body("role", is("read-only"));
        bare().body("{\"token\":\"" + token + "\",\"password\":\"correct horse battery\"}").post("/smtpy/invitations/accept")
            .then().statusCode(404);
        String member = login("new@acme.example");
        as(member).get("/smtpy/me").then().body("accounts[0].role", is("read-only"))
            .body("accounts[0].permissions", is(List.of("aliases:read", "domains:read", "events:read", "quarantine:read", "rules:read",
                "suppressions:read", "webhooks:read")));

        String revokedId = op().body("{\"email\":\"late@acme.example\",\"role\":\"admin\"}").post("/smtpy/accounts/" + a + "/invitations")
            .then().statusCode(201).extract().path("id");
        String revokedToken = fixture.access.mailed.get(1).token;
        op().delete("/smtpy/accounts/" + a + "/invitations/" + revokedId).then().statusCode(200).body("state", is("revoked"));
        bare().body("{\"token\":\"" + revokedToken + "\",\"password\":\"correct horse battery\"}").post("/smtpy/invitations/accept")
            .then().statusCode(404);
    }

    @Test
    void aRemovedMembersSessionStopsAtOnce() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        String memberId = op().body("{\"email\":\"m@acme.example\",\"role\":\"member\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/" + a + "/members").then().statusCode(201).extract().path("memberId");
        op().put("/smtpy/domains/acme.example?account=" + a).then().statusCode(201);
        String session = login("m@acme.example");
        as(session).get("/smtpy/domains/acme.example/aliases").then().statusCode(200);
        op().delete("/smtpy/accounts/" + a + "/members/" + memberId).then().statusCode(204);
        as(session).get("/smtpy/domains/acme.example/aliases").then().statusCode(404);
    }

    @Test
    void loginAnswersTheSameForUnknownAddressesAndWrongPasswords() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        String wrong = bare().body("{\"email\":\"ann@acme.example\",\"password\":\"not the password\"}").post("/smtpy/session")
            .then().statusCode(401).extract().asString();
        String unknown = bare().body("{\"email\":\"who@acme.example\",\"password\":\"not the password\"}").post("/smtpy/session")
            .then().statusCode(401).extract().asString();
        assertThat(wrong).isEqualTo(unknown);
        op().get("/smtpy/accounts/" + a + "/failed-attempts").then().statusCode(200)
            .body("items[0].credential", is("member:ann@acme.example"));
    }

    @Test
    void repeatedFailuresFromOneSourceAreThrottledWithRetryAfter() {
        for (int i = 0; i < 20; i++) {
            bare().header("Authorization", "Bearer not-a-key").get("/smtpy/domains").then().statusCode(401);
        }
        bare().header("Authorization", "Bearer not-a-key").get("/smtpy/domains").then().statusCode(429)
            .header("Retry-After", notNullValue());
        fixture.clock.moveBy(Duration.ofMinutes(6));
        bare().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).get("/smtpy/domains").then().statusCode(200);
    }

    @Test
    void everyMutationLeavesOneAuditEntryWithActorAndDiffAndNoSecret() {
        String a = createAccount("Acme");
        String owner = addOwner(a, "ann@acme.example");
        String ann = login("ann@acme.example");
        as(ann).put("/smtpy/domains/acme.example").then().statusCode(201);
        as(ann).body("{\"destinations\":[\"x@dest.example\"]}").put("/smtpy/domains/acme.example/aliases/sales").then().statusCode(201);
        as(ann).body("{\"destinations\":[\"y@dest.example\"]}").patch("/smtpy/domains/acme.example/aliases/sales").then().statusCode(200);
        String secret = as(ann).body("{\"name\":\"ci\",\"preset\":\"read-only\"}").post("/smtpy/accounts/" + a + "/keys")
            .then().statusCode(201).extract().path("secret");

        List<AuditEntry> entries = fixture.access.stores.audit().list(AuditQuery.all(AccessId.of(a)));
        assertThat(entries).extracting(AuditEntry::action)
            .containsExactly("key.create", "alias.update", "alias.create", "domain.create", "session.create", "member.add", "account.create");
        AuditEntry update = entries.get(1);
        assertThat(update.actor()).isEqualTo("member:" + owner);
        assertThat(update.before().orElseThrow()).contains("x@dest.example");
        assertThat(update.after().orElseThrow()).contains("y@dest.example");
        assertThat(entries.get(4).actor()).isEqualTo("member:" + owner);
        assertThat(entries.get(4).after().orElseThrow()).contains("[redacted]");
        assertThat(entries.get(6).actor()).isEqualTo("operator");
        assertThat(entries.get(6).onBehalfOf()).contains(a);
        for (AuditEntry entry : entries) {
            assertThat(entry.toString() + entry.before().orElse("") + entry.after().orElse("")).doesNotContain(secret.substring(10))
                .doesNotContain("correct horse battery").doesNotContain(ann.substring(10));
        }
        as(ann).get("/smtpy/accounts/" + a + "/audit?action=alias.update").then().statusCode(200)
            .body("items.size()", is(1)).body("items[0].target", is("domains/acme.example/aliases/sales"));
        as(ann).get("/smtpy/accounts/" + a + "/audit?limit=2").then().body("items.size()", is(2)).body("next", notNullValue());
        String ndjson = as(ann).get("/smtpy/accounts/" + a + "/audit/export?format=ndjson").then().statusCode(200).extract().asString();
        assertThat(ndjson.lines()).hasSize(7);
        String csv = as(ann).get("/smtpy/accounts/" + a + "/audit/export?format=csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("sequence,at,actor");
        as(ann).get("/smtpy/accounts/" + a + "/audit/verify").then().statusCode(200).body("valid", is(true)).body("entries", is(7));
    }

    @Test
    void aRefusedCallLeavesNoAuditEntry() {
        String a = createAccount("Acme");
        int before = fixture.access.stores.audit().list(AuditQuery.all(AccessId.of(a))).size();
        bare().put("/smtpy/domains/acme.example?account=" + a).then().statusCode(401);
        assertThat(fixture.access.stores.audit().list(AuditQuery.all(AccessId.of(a)))).hasSize(before);
        assertThat(fixture.directory.domain(io.smtpy.core.model.DomainName.of("acme.example"))).isEmpty();
    }

    @Test
    void tamperingWithAStoredEntryIsReportedByVerify() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        op().put("/smtpy/domains/acme.example?account=" + a).then().statusCode(201);
        AuditEntry original = fixture.access.stores.audit().list(AuditQuery.all(AccessId.of(a))).get(1);
        AuditEntry forged = new AuditEntry(original.record().withActor("member:someone-else"), original.sequence(),
            original.previousHash(), original.hash());
        ((io.smtpy.access.store.memory.MemoryAuditLogRepository) fixture.access.stores.audit()).overwrite(forged);
        op().get("/smtpy/accounts/" + a + "/audit/verify").then().statusCode(200)
            .body("valid", is(false)).body("brokenAt", is((int) original.sequence()));
    }

    @Test
    void oversizedBodiesAre413WithTheErrorJson() {
        String big = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        op().body(big).post("/smtpy/accounts").then().statusCode(413).body("statusCode", is(413));
    }

    @Test
    void theOpenApiDocumentIsValidAndListsEveryRouteWithItsPermission() {
        String document = bare().get("/smtpy/openapi.json").then().statusCode(200).extract().asString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        for (io.smtpy.webadmin.guard.RouteSpec route : fixture.access.registry.routes()) {
            io.swagger.v3.oas.models.PathItem item = parsed.getOpenAPI().getPaths().get(route.openApiPath());
            assertThat(item).as(route.key()).isNotNull();
            io.swagger.v3.oas.models.Operation operation = item.readOperationsMap()
                .get(io.swagger.v3.oas.models.PathItem.HttpMethod.valueOf(route.method()));
            assertThat(operation).as(route.key()).isNotNull();
            assertThat(operation.getExtensions()).containsEntry("x-smtpy-access", route.access().describe());
        }
        long documented = parsed.getOpenAPI().getPaths().values().stream().mapToLong(item -> item.readOperations().size()).sum();
        assertThat(documented).isEqualTo(fixture.access.registry.routes().size());
    }

    @Test
    void everySmtpyRouteIsDeclaredInTheRegistry() {
        assertThat(fixture.access.registry.routes()).hasSizeGreaterThan(40);
        assertThat(fixture.access.registry.undeclaredRoutes()).isEmpty();
    }

    @Test
    void aMemberAddedWithAPasswordVerifiesTheAddressWithTheMailedToken() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        assertThat(fixture.access.memberMails).extracting(mail -> mail.kind).containsExactly("verification");
        String token = fixture.access.memberMails.get(0).token;
        bare().body("{\"token\":\"" + token + "\"}").post("/smtpy/verify-email").then().statusCode(200).body("emailVerified", is(true));
        bare().body("{\"token\":\"" + token + "\"}").post("/smtpy/verify-email").then().statusCode(404);
        as(login("ann@acme.example")).get("/smtpy/accounts/" + a + "/members").then().body("items[0].emailVerified", is(true));
    }

    @Test
    void passwordResetSaysTheSameForAnyAddressAndEndsEverySession() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        String session = login("ann@acme.example");
        String known = bare().body("{\"email\":\"ann@acme.example\"}").post("/smtpy/password-reset").then().statusCode(202).extract().asString();
        String unknown = bare().body("{\"email\":\"nobody@acme.example\"}").post("/smtpy/password-reset").then().statusCode(202).extract().asString();
        assertThat(known).isEqualTo(unknown);
        TestAccess.SentToMember reset = fixture.access.memberMails.stream().filter(mail -> mail.kind.equals("reset")).findFirst().orElseThrow();
        assertThat(reset.member.email()).isEqualTo("ann@acme.example");

        bare().body("{\"token\":\"" + reset.token + "\",\"password\":\"a brand new passphrase\"}").post("/smtpy/password-reset/confirm")
            .then().statusCode(200);
        as(session).get("/smtpy/me").then().statusCode(401);
        bare().body("{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"}").post("/smtpy/session").then().statusCode(401);
        bare().body("{\"email\":\"ann@acme.example\",\"password\":\"a brand new passphrase\"}").post("/smtpy/session").then().statusCode(201);
        bare().body("{\"token\":\"" + reset.token + "\",\"password\":\"yet another passphrase\"}").post("/smtpy/password-reset/confirm")
            .then().statusCode(404);
        fixture.clock.moveBy(Duration.ofHours(2));
    }

    @Test
    void aSecondFactorIsNeededOnceEnrolledAndARecoveryCodeWorksOnce() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        String session = login("ann@acme.example");
        String secret = as(session).body("{\"password\":\"correct horse battery\"}").post("/smtpy/me/totp").then().statusCode(200)
            .extract().path("secret");
        List<String> codes = as(session).body("{\"code\":\"" + io.smtpy.access.service.Totp.code(secret, fixture.clock.instant()) + "\"}")
            .post("/smtpy/me/totp/confirm").then().statusCode(200).extract().path("recoveryCodes");
        assertThat(codes).hasSize(10);
        assertThat(fixture.access.stores.members().byEmail("ann@acme.example").orElseThrow().totpSecret().orElseThrow()).doesNotContain(secret);

        String body = "{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"";
        bare().body(body + "}").post("/smtpy/session").then().statusCode(401);
        bare().body(body + ",\"totp\":\"000000\"}").post("/smtpy/session").then().statusCode(401);
        bare().body(body + ",\"totp\":\"" + io.smtpy.access.service.Totp.code(secret, fixture.clock.instant()) + "\"}")
            .post("/smtpy/session").then().statusCode(201);
        bare().body(body + ",\"totp\":\"" + codes.get(0) + "\"}").post("/smtpy/session").then().statusCode(201);
        bare().body(body + ",\"totp\":\"" + codes.get(0) + "\"}").post("/smtpy/session").then().statusCode(401);
    }

    @Test
    void aCookieSessionNeedsItsCsrfTokenToChangeAnything() {
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        Response login = bare().body("{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"}").post("/smtpy/session?cookie=true");
        login.then().statusCode(201).body("token", is((Object) null))
            .header("Set-Cookie", containsString("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"));
        String cookie = login.getCookie("smtpy_session");
        String csrf = login.path("csrfToken");
        bare().cookie("smtpy_session", cookie).get("/smtpy/me").then().statusCode(200);
        bare().cookie("smtpy_session", cookie).put("/smtpy/domains/acme.example").then().statusCode(403);
        assertThat(fixture.directory.domain(io.smtpy.core.model.DomainName.of("acme.example"))).isEmpty();
        bare().cookie("smtpy_session", cookie).header("X-CSRF-Token", csrf).put("/smtpy/domains/acme.example").then().statusCode(201);
    }

    /** Ann, owner of a new account Acme, logged in for the panel: the answer with its cookie and CSRF token. */
    private Response annsCookieLogin() {
        addOwner(createAccount("Acme"), "ann@acme.example");
        return bare().body("{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"}").post("/smtpy/session?cookie=true");
    }

    @Test
    void theOperatorSignsInToThePanelWithTheKeyAndTheCookieHoldsAnExpiringSessionNotTheKey() {
        String a = createAccount("Acme");
        Response login = bare().body("{\"operatorKey\":\"" + TestAccess.OPERATOR_KEY + "\"}").post("/smtpy/session?cookie=true");
        login.then().statusCode(201).body("operator", is(true)).body("token", is((Object) null))
            .header("Set-Cookie", containsString("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"))
            .header("Set-Cookie", not(containsString(TestAccess.OPERATOR_KEY)));
        String cookie = login.getCookie("smtpy_session");
        String csrf = login.path("csrfToken");
        assertThat(cookie).startsWith("smtpyos_");
        // Audited in the operator's own account, the token and CSRF token redacted.
        op().get("/smtpy/accounts/acc_default/audit?action=session.create").then().statusCode(200)
            .body("items[0].actor", is("operator")).body("items[0].target", is("operator/sessions"))
            .body("items[0].after", not(containsString(cookie))).body("items[0].after", not(containsString(csrf)));

        bare().cookie("smtpy_session", cookie).get("/smtpy/me").then().statusCode(200).body("operator", is(true));
        bare().cookie("smtpy_session", cookie).get("/smtpy/accounts").then().statusCode(200).body("items.id", hasItem(a));
        bare().cookie("smtpy_session", cookie).body("{\"name\":\"Beta\"}").post("/smtpy/accounts").then().statusCode(403);
        bare().cookie("smtpy_session", cookie).header("X-CSRF-Token", csrf).body("{\"name\":\"Beta\"}").post("/smtpy/accounts")
            .then().statusCode(201);
        // An altered token, and the same token once expired, are refused.
        bare().cookie("smtpy_session", cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("0") ? "1" : "0"))
            .get("/smtpy/me").then().statusCode(401);
        fixture.clock.moveBy(java.time.Duration.ofHours(13));
        bare().cookie("smtpy_session", cookie).get("/smtpy/me").then().statusCode(401);
    }

    @Test
    void aWrongOperatorKeyIsRefusedThrottledAndTheKeyOnlySignsInThroughTheCookieForm() {
        bare().body("{\"operatorKey\":\"" + TestAccess.OPERATOR_KEY + "\"}").post("/smtpy/session").then().statusCode(400)
            .body("message", containsString("operatorKey"));
        bare().body("{\"operatorKey\":\"" + TestAccess.OPERATOR_KEY + "\",\"email\":\"a@b.example\",\"password\":\"x\"}")
            .post("/smtpy/session?cookie=true").then().statusCode(400);
        int status = 0;
        for (int i = 0; i < 30 && status != 429; i++) {
            status = bare().body("{\"operatorKey\":\"not-the-operator-key-0123456789-abcdef\"}").post("/smtpy/session?cookie=true")
                .then().extract().statusCode();
            assertThat(status).isIn(401, 429);
        }
        assertThat(status).isEqualTo(429);
        bare().body("{\"operatorKey\":\"" + TestAccess.OPERATOR_KEY + "\"}").post("/smtpy/session?cookie=true").then().statusCode(429);
    }

    @Test
    void signingOutClearsThePanelCookie() {
        Response login = bare().body("{\"operatorKey\":\"" + TestAccess.OPERATOR_KEY + "\"}").post("/smtpy/session?cookie=true");
        String cookie = login.getCookie("smtpy_session");
        bare().cookie("smtpy_session", cookie).header("X-CSRF-Token", (String) login.path("csrfToken")).delete("/smtpy/session")
            .then().statusCode(204).header("Set-Cookie", containsString("smtpy_session=;")).header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void whoAmIGivesACookieSessionItsCsrfTokenAgain() {
        Response login = annsCookieLogin();
        String cookie = login.getCookie("smtpy_session");
        String csrf = login.path("csrfToken");

        String again = bare().cookie("smtpy_session", cookie).get("/smtpy/me").then().statusCode(200).extract().path("csrfToken");

        assertThat(again).isNotBlank().isEqualTo(csrf);
        bare().cookie("smtpy_session", cookie).header("X-CSRF-Token", again).put("/smtpy/domains/acme.example").then().statusCode(201);
    }

    @Test
    void whoAmIGivesNoCsrfTokenToABearerSession() {
        Response login = annsCookieLogin();
        String cookie = login.getCookie("smtpy_session");
        String token = login("ann@acme.example");

        bare().header("Authorization", "Bearer " + token).get("/smtpy/me").then().statusCode(200)
            .body("principal.email", is("ann@acme.example")).body("$", not(hasKey("csrfToken")));
        // The Authorization header wins over a cookie sent with it: the credential is the bearer token.
        bare().header("Authorization", "Bearer " + token).cookie("smtpy_session", cookie).get("/smtpy/me").then().statusCode(200)
            .body("$", not(hasKey("csrfToken")));
    }

    @Test
    void awaitingAFinishedTaskGivesItsDetailsAndAnUnknownTaskIs404() {
        String a = createAccount("Acme");
        op().put("/smtpy/domains/acme.example?account=" + a).then().statusCode(201);
        String taskId = op().contentType("text/csv").body("localPart,destinations\ninfo,a@x.example\n")
            .post("/smtpy/domains/acme.example/aliases/import").then().statusCode(201).extract().path("taskId");
        op().get("/smtpy/tasks/" + taskId + "/await?timeout=30").then().statusCode(200).body("status", is("completed"));
        op().get("/smtpy/tasks/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void creatingADomainThatExistsAnswersTheSame409WhoeverHasIt() {
        String a = createAccount("Acme");
        String b = createAccount("Beta");
        addOwner(a, "ann@acme.example");
        addOwner(b, "bob@beta.example");
        String ann = login("ann@acme.example");
        as(ann).put("/smtpy/domains/shared.example").then().statusCode(201);
        String own = as(ann).put("/smtpy/domains/shared.example").then().statusCode(409).extract().path("message");
        String other = as(login("bob@beta.example")).put("/smtpy/domains/shared.example").then().statusCode(409).extract().path("message");
        assertThat(other).isEqualTo(own);
        assertThat(fixture.access.access.ownerOf(io.smtpy.core.model.DomainName.of("shared.example")).asString()).isEqualTo(a);
    }

    @Test
    void domainsFromBeforeAccountsBelongToTheOperatorsDefaultAccount() {
        // As a data directory written before accounts existed holds it: a domain and no owner entry.
        fixture.directory.createDomain(io.smtpy.core.model.DomainName.of("legacy.example"), builder -> builder);
        String other = createAccount("Acme");
        addOwner(other, "ann@acme.example");
        op().body("{\"email\":\"ops@operator.example\",\"role\":\"admin\",\"password\":\"correct horse battery\"}")
            .post("/smtpy/accounts/acc_default/members").then().statusCode(201);

        op().get("/smtpy/domains/legacy.example").then().statusCode(200);
        as(login("ops@operator.example")).get("/smtpy/domains").then().body("name", hasItem("legacy.example"));
        as(login("ann@acme.example")).get("/smtpy/domains/legacy.example").then().statusCode(404);
    }

    @Test
    void meShowsThePrincipalAndItsPermissions() {
        op().get("/smtpy/me").then().statusCode(200).body("operator", is(true)).body("principal.type", is("operator"));
        String a = createAccount("Acme");
        addOwner(a, "ann@acme.example");
        as(login("ann@acme.example")).get("/smtpy/me").then().statusCode(200).body("operator", is(false))
            .body("principal.type", is("member")).body("accounts[0].id", is(a)).body("accounts[0].role", is("owner"))
            .body("accounts[0].permissions", hasItem("keys:manage"));
    }
}
