package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ForkedSmtpyServer;
import io.smtpy.server.testing.OperatorKey;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpSink;

/**
 * Accounts kept apart, over real HTTP on the embedded server: two accounts, each with an owner who logs in and
 * builds domains, aliases and keys of its own; neither reaches, lists, changes or can tell apart from absent what
 * belongs to the other. Invitations travel as real mail to the server's SMTP sink, grant exactly their role, and a
 * removed member's session stops at once. No secret the test handled ends up in the server's log or audit log, and
 * James's own routes answer the operator only.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessEndToEndTest {
    private static final Pattern INVITATION_TOKEN = Pattern.compile("smtpys_inv_[a-z0-9]+_[0-9a-f]{64}");
    private static final String ABSENT_ACCOUNT = "acc_0000000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static final CapturedLog LOG = new CapturedLog();
    /** Every secret the test handled: none may be logged or audited. */
    private static final List<String> SECRETS = new ArrayList<>();

    private static Owner alpha;
    private static Owner bravo;

    /** An account, its owner's session and what the owner created in it. */
    private static final class Owner {
        final String accountId;
        final String accountName;
        final String email;
        final String memberId;
        final String token;
        final String domain;
        final String aliasDestination;
        String keyId;
        String keySecret;

        Owner(String accountId, String accountName, String email, String memberId, String token, String domain,
              String aliasDestination) {
            this.accountId = accountId;
            this.accountName = accountName;
            this.email = email;
            this.memberId = memberId;
            this.token = token;
            this.domain = domain;
            this.aliasDestination = aliasDestination;
        }
    }

    /** Everything the server logs (at the shipped levels, smtpy's own at DEBUG) while this class runs. */
    private static final class CapturedLog extends AppenderBase<ILoggingEvent> {
        private final List<String> rendered = new ArrayList<>();
        private final List<String> contexts = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            String throwable = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
            rendered.add(event.getLoggerName() + " - " + event.getFormattedMessage() + "\n" + throwable);
            contexts.add(event.getLoggerName() + " " + event.getMDCPropertyMap());
        }

        synchronized String rendered() {
            return String.join("\n", rendered);
        }

        synchronized String contexts() {
            return String.join("\n", contexts);
        }
    }

    private static final Map<String, Level> LEVELS_BEFORE = new HashMap<>();

    /**
     * The logger levels of the shipped logback.xml (the in-process server leaves logging to the test JVM), with
     * smtpy's own loggers at DEBUG, which an operator may turn on to find a problem.
     */
    private static Map<String, Level> shippedLevels() throws Exception {
        Map<String, Level> levels = new HashMap<>();
        Document shipped = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(ForkedSmtpyServer.shippedConfiguration().resolve("logback.xml").toFile());
        NodeList loggers = shipped.getElementsByTagName("logger");
        for (int i = 0; i < loggers.getLength(); i++) {
            Element logger = (Element) loggers.item(i);
            levels.put(logger.getAttribute("name"), Level.toLevel(logger.getAttribute("level")));
        }
        Element root = (Element) shipped.getElementsByTagName("root").item(0);
        levels.put(Logger.ROOT_LOGGER_NAME, Level.toLevel(root.getAttribute("level")));
        assertThat(levels).containsKey("org.apache.james");
        levels.put("io.smtpy", Level.DEBUG);
        return levels;
    }

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOG.setContext(context);
        LOG.setName("access-end-to-end-test");
        LOG.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOG);
        shippedLevels().forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            LEVELS_BEFORE.put(name, logger.getLevel());
            logger.setLevel(level);
        });

        fixture = ServerWithSink.start(temporary, Optional.empty());
        SECRETS.add(OperatorKey.of(fixture.dataDirectory()));
        alpha = ownerOfNewAccount("alpha");
        bravo = ownerOfNewAccount("bravo");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(LOG);
        LOG.stop();
        LEVELS_BEFORE.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        StringBuilder hex = new StringBuilder();
        for (byte b : random) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static String newPassword() {
        String password = "pw-" + randomHex(12);
        SECRETS.add(password);
        return password;
    }

    /** A bearer token handed out by the server: the whole of it and its 64 hex digits of secret are secrets. */
    private static String secretToken(String token) {
        SECRETS.add(token);
        SECRETS.add(token.substring(token.length() - 64));
        return token;
    }

    private static RequestSpecification operator() {
        return given().spec(fixture.api());
    }

    private static RequestSpecification anonymous() {
        return given().port(fixture.webAdminPort()).contentType(ContentType.JSON);
    }

    private static RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    private static RequestSpecification as(Owner owner) {
        return as(owner.token);
    }

    private static String login(String email, String password) {
        return secretToken(anonymous().body(Map.of("email", email, "password", password)).post("/smtpy/session")
            .then().statusCode(201).extract().jsonPath().getString("token"));
    }

    /** The operator creates the account and its owner; the owner logs in and builds a domain, aliases and a key. */
    private static Owner ownerOfNewAccount(String name) {
        String accountName = name + "-" + randomHex(3);
        String accountId = operator().body(Map.of("name", accountName)).post("/smtpy/accounts")
            .then().statusCode(201).extract().jsonPath().getString("id");
        String email = "owner@" + name + "-people.test";
        String password = newPassword();
        String memberId = operator().body(Map.of("email", email, "role", "owner", "password", password))
            .post("/smtpy/accounts/" + accountId + "/members")
            .then().statusCode(201).extract().jsonPath().getString("memberId");
        Owner owner = new Owner(accountId, accountName, email, memberId, login(email, password), name + ".test",
            name + "-" + randomHex(4) + "@dest.test");

        as(owner).put("/smtpy/domains/" + owner.domain).then().statusCode(201);
        as(owner).body(Map.of("destinations", List.of(owner.aliasDestination), "tags", List.of("team")))
            .put("/smtpy/domains/" + owner.domain + "/aliases/info").then().statusCode(201);
        as(owner).body(Map.of("destinations", List.of(owner.aliasDestination)))
            .put("/smtpy/domains/" + owner.domain + "/aliases/sales").then().statusCode(201);
        JsonPath key = as(owner).body(Map.of("name", "ci", "preset", "aliases-only"))
            .post("/smtpy/accounts/" + accountId + "/keys").then().statusCode(201).extract().jsonPath();
        owner.keyId = key.getString("id");
        owner.keySecret = secretToken(key.getString("secret"));
        return owner;
    }

    /** The error body with the name it is about replaced, to compare with the error about another name. */
    private static String errorAbout(Response response, String name) {
        return response.then().extract().asString().replace(name, "NAME");
    }

    private static void answersAsIfAbsent(RequestSpecification caller, String method, String path, String name,
                                          String absentName) {
        Response probed = caller.request(method, path);
        Response absent = caller.request(method, path.replace(name, absentName));
        assertThat(probed.statusCode()).as(method + " " + path).isEqualTo(404);
        assertThat(absent.statusCode()).as(method + " " + path.replace(name, absentName)).isEqualTo(404);
        assertThat(errorAbout(probed, name)).as(method + " " + path).isEqualTo(errorAbout(absent, absentName));
    }

    private static RequestSpecification withBody(Owner caller, String json) {
        return as(caller).body(json);
    }

    @Test
    @Order(1)
    void eachOwnerShouldListOnlyTheirOwnAccountDomainsAndKeys() {
        as(alpha).get("/smtpy/accounts").then().statusCode(200).body("items.id", contains(alpha.accountId));
        as(bravo).get("/smtpy/accounts").then().statusCode(200).body("items.id", contains(bravo.accountId));
        as(alpha).get("/smtpy/me").then().statusCode(200).body("accounts.id", contains(alpha.accountId));
        as(alpha).get("/smtpy/domains").then().statusCode(200).body("name", contains(alpha.domain));
        as(bravo).get("/smtpy/domains").then().statusCode(200).body("name", contains(bravo.domain));
        as(alpha).get("/smtpy/accounts/" + alpha.accountId + "/keys").then().statusCode(200)
            .body("items.id", contains(alpha.keyId));
        as(alpha.keySecret).get("/smtpy/domains/" + alpha.domain + "/aliases").then().statusCode(200)
            .body("aliases.localPart", containsInAnyOrder("info", "sales"));
    }

    @Test
    @Order(2)
    void anotherAccountsDomainAndAliasesShouldAnswerAsAnAbsentDomainDoes() {
        String absent = "absent-" + randomHex(3) + ".test";
        for (RequestSpecification caller : List.of(as(alpha), as(alpha.keySecret))) {
            for (String path : List.of("", "/aliases", "/aliases/info", "/aliases/nobody", "/aliases/export?format=csv",
                "/aliases/export?format=json", "/resolve/info", "/catch-all", "/regex-aliases", "/dns")) {
                answersAsIfAbsent(caller, "GET", "/smtpy/domains/" + bravo.domain + path, bravo.domain, absent);
            }
            answersAsIfAbsent(caller, "DELETE", "/smtpy/domains/" + bravo.domain + "/aliases/info", bravo.domain, absent);
            answersAsIfAbsent(caller, "DELETE", "/smtpy/domains/" + bravo.domain, bravo.domain, absent);
        }
        String renamed = "{\"destinations\": [\"thief@alpha-dest.test\"]}";
        answersAsIfAbsent(withBody(alpha, renamed), "PUT", "/smtpy/domains/" + bravo.domain + "/aliases/info", bravo.domain, absent);
        answersAsIfAbsent(withBody(alpha, renamed), "PATCH", "/smtpy/domains/" + bravo.domain + "/aliases/info", bravo.domain, absent);
        answersAsIfAbsent(withBody(alpha, "{\"enabled\": false}"), "PATCH", "/smtpy/domains/" + bravo.domain, bravo.domain, absent);
        answersAsIfAbsent(withBody(alpha, renamed), "PUT", "/smtpy/domains/" + bravo.domain + "/catch-all", bravo.domain, absent);
        answersAsIfAbsent(as(alpha).contentType("text/csv").body("localPart,destinations\r\nx,thief@alpha-dest.test\r\n"),
            "POST", "/smtpy/domains/" + bravo.domain + "/aliases/import", bravo.domain, absent);

        as(bravo).get("/smtpy/domains/" + bravo.domain).then().statusCode(200).body("enabled", is(true));
        as(bravo).get("/smtpy/domains/" + bravo.domain + "/aliases/info").then().statusCode(200)
            .body("destinations", contains(bravo.aliasDestination));
        as(bravo).get("/smtpy/domains/" + bravo.domain + "/aliases").then().statusCode(200).body("total", is(2));
        as(bravo).get("/smtpy/domains/" + bravo.domain + "/catch-all").then().statusCode(404);
    }

    @Test
    @Order(3)
    void anotherAccountsMembersKeysInvitationsAndAuditShouldAnswerAsAnAbsentAccountDoes() {
        String account = "/smtpy/accounts/" + bravo.accountId;
        for (String path : List.of("", "/members", "/invitations", "/keys", "/audit", "/audit/export?format=ndjson",
            "/audit/export?format=csv", "/audit/verify", "/failed-attempts")) {
            answersAsIfAbsent(as(alpha), "GET", account + path, bravo.accountId, ABSENT_ACCOUNT);
        }
        answersAsIfAbsent(withBody(alpha, "{\"name\": \"taken over\"}"), "PATCH", account, bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(withBody(alpha, "{\"email\": \"spy@alpha-people.test\", \"role\": \"owner\", \"password\": \"spy-password-1\"}"),
            "POST", account + "/members", bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(withBody(alpha, "{\"email\": \"spy@alpha-people.test\", \"role\": \"owner\"}"),
            "POST", account + "/invitations", bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(withBody(alpha, "{\"role\": \"read-only\"}"), "PATCH", account + "/members/" + bravo.memberId,
            bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(as(alpha), "DELETE", account + "/members/" + bravo.memberId, bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(withBody(alpha, "{\"name\": \"stolen\", \"preset\": \"read-only\"}"), "POST", account + "/keys",
            bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(as(alpha), "DELETE", account + "/keys/" + bravo.keyId, bravo.accountId, ABSENT_ACCOUNT);
        answersAsIfAbsent(as(alpha), "POST", account + "/keys/" + bravo.keyId + "/rotate", bravo.accountId, ABSENT_ACCOUNT);

        // The other account's member and key ids, named under the caller's own account, are as unknown as made-up ones.
        String own = "/smtpy/accounts/" + alpha.accountId;
        answersAsIfAbsent(as(alpha), "DELETE", own + "/keys/" + bravo.keyId, bravo.keyId, "key_0000000000000000");
        answersAsIfAbsent(as(alpha), "POST", own + "/keys/" + bravo.keyId + "/rotate", bravo.keyId, "key_0000000000000000");
        answersAsIfAbsent(withBody(alpha, "{\"role\": \"read-only\"}"), "PATCH", own + "/members/" + bravo.memberId,
            bravo.memberId, "mem_0000000000000000");
        answersAsIfAbsent(as(alpha), "DELETE", own + "/members/" + bravo.memberId, bravo.memberId, "mem_0000000000000000");

        as(bravo).get(account).then().statusCode(200).body("name", equalTo(bravo.accountName));
        as(bravo).get(account + "/members").then().statusCode(200)
            .body("items.memberId", contains(bravo.memberId))
            .body("items.role", contains("owner"));
        as(bravo).get(account + "/keys").then().statusCode(200)
            .body("items.id", contains(bravo.keyId))
            .body("items.revokedAt", contains((Object) null));
        as(bravo.keySecret).get("/smtpy/domains/" + bravo.domain + "/aliases").then().statusCode(200);
    }

    @Test
    @Order(4)
    void anImportTaskShouldBeVisibleToItsAccountOnly() {
        String taskId = as(alpha).contentType("text/csv")
            .body("localPart,destinations,description,tags,enabled,expiresAt\r\nimported,\"" + alpha.aliasDestination + "\",,,true,\r\n")
            .post("/smtpy/domains/" + alpha.domain + "/aliases/import")
            .then().statusCode(201).extract().jsonPath().getString("taskId");

        as(alpha).get("/smtpy/tasks/" + taskId + "/await?timeout=60").then().statusCode(200)
            .body("status", equalTo("completed"));
        as(alpha).get("/smtpy/tasks/" + taskId).then().statusCode(200).body("taskId", equalTo(taskId));
        String absent = UUID.randomUUID().toString();
        answersAsIfAbsent(as(bravo), "GET", "/smtpy/tasks/" + taskId, taskId, absent);
        answersAsIfAbsent(as(bravo), "GET", "/smtpy/tasks/" + taskId + "/await?timeout=1", taskId, absent);
        answersAsIfAbsent(as(bravo.keySecret), "GET", "/smtpy/tasks/" + taskId, taskId, absent);
    }

    @Test
    @Order(5)
    void eachAuditLogShouldHoldOnlyItsOwnAccountsActions() {
        String alphaLog = auditExport(alpha.accountId);
        String bravoLog = auditExport(bravo.accountId);

        assertThat(alphaLog).contains("member:" + alpha.memberId, alpha.domain);
        assertThat(bravoLog).contains("member:" + bravo.memberId, bravo.domain);
        // Alpha's log names bravo's member and key ids only where alpha itself tried them (and was told they do not exist).
        assertThat(actors(alphaLog)).containsOnly("operator", "member:" + alpha.memberId);
        assertThat(actors(bravoLog)).containsOnly("operator", "member:" + bravo.memberId);
        for (String bravosOwn : List.of(bravo.domain, bravo.aliasDestination, bravo.accountName, bravo.email, bravo.accountId)) {
            assertThat(alphaLog).doesNotContain(bravosOwn);
        }
        for (String alphasOwn : List.of(alpha.memberId, alpha.domain, alpha.aliasDestination, alpha.accountName, alpha.email,
            alpha.keyId, alpha.accountId)) {
            assertThat(bravoLog).doesNotContain(alphasOwn);
        }
        as(alpha).get("/smtpy/accounts/" + alpha.accountId + "/audit/verify").then().statusCode(200)
            .body("valid", is(true));
    }

    private static List<String> actors(String ndjson) {
        return ndjson.lines().map(line -> JsonPath.from(line).getString("actor")).distinct().collect(Collectors.toList());
    }

    private static String auditExport(String accountId) {
        return operator().get("/smtpy/accounts/" + accountId + "/audit/export?format=ndjson").then().statusCode(200)
            .extract().asString();
    }

    /** The token in the invitation mail the sink received for this address. */
    private static String mailedInvitationToken(Owner inviter, String invitee) throws Exception {
        SmtpSink.Delivery delivery = fixture.sink().awaitCopy(invitee, "You are invited to " + inviter.accountName + " on smtpy");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(delivery.message().getBytes(StandardCharsets.UTF_8)));
        Matcher token = INVITATION_TOKEN.matcher(String.valueOf(message.getContent()));
        assertThat(token.find()).as("an invitation token in\n" + delivery.message()).isTrue();
        return secretToken(token.group());
    }

    @Test
    @Order(6)
    void aMailedInvitationShouldGrantExactlyTheInvitedRole() throws Exception {
        String invitee = "newcomer-" + randomHex(3) + "@invited.test";
        as(alpha).body(Map.of("email", invitee, "role", "member")).post("/smtpy/accounts/" + alpha.accountId + "/members")
            .then().statusCode(202).body("email", equalTo(invitee))
            .body("role", equalTo("member")).body("state", equalTo("pending"));
        String token = mailedInvitationToken(alpha, invitee);
        String password = newPassword();

        anonymous().body(Map.of("token", token, "password", password)).post("/smtpy/invitations/accept")
            .then().statusCode(200).body("role", equalTo("member"));

        String session = login(invitee, password);
        as(session).get("/smtpy/me").then().statusCode(200)
            .body("principal.email", equalTo(invitee))
            .body("accounts.id", contains(alpha.accountId))
            .body("accounts[0].role", equalTo("member"))
            .body("accounts[0].permissions", contains(
                "aliases:read", "aliases:write", "domains:read", "events:read", "quarantine:manage", "quarantine:read",
                "rules:read", "rules:write", "sending:send", "suppressions:read", "webhooks:read"));
        as(session).get("/smtpy/domains/" + alpha.domain + "/aliases").then().statusCode(200);
        as(session).get("/smtpy/accounts/" + alpha.accountId + "/keys").then().statusCode(403);
        as(session).get("/smtpy/domains/" + bravo.domain).then().statusCode(404);
        anonymous().body(Map.of("token", token, "password", newPassword())).post("/smtpy/invitations/accept").then().statusCode(404);
    }

    @Test
    @Order(7)
    void aRevokedInvitationsTokenShouldNotBeAccepted() throws Exception {
        String invitee = "revoked-" + randomHex(3) + "@invited.test";
        String invitationId = as(alpha).body(Map.of("email", invitee, "role", "admin"))
            .post("/smtpy/accounts/" + alpha.accountId + "/invitations")
            .then().statusCode(201).extract().jsonPath().getString("id");
        String token = mailedInvitationToken(alpha, invitee);

        as(alpha).delete("/smtpy/accounts/" + alpha.accountId + "/invitations/" + invitationId).then().statusCode(200)
            .body("state", equalTo("revoked"));

        String password = newPassword();
        anonymous().body(Map.of("token", token, "password", password)).post("/smtpy/invitations/accept").then().statusCode(404)
            .body("message", equalTo("this invitation is unknown, expired, revoked or already used"));
        anonymous().body(Map.of("email", invitee, "password", password)).post("/smtpy/session").then().statusCode(401);
        as(alpha).get("/smtpy/accounts/" + alpha.accountId + "/members").then().statusCode(200)
            .body("items.email", not(hasItem(invitee)));
    }

    @Test
    @Order(8)
    void aRemovedMembersSessionShouldLoseTheAccountAtOnce() {
        String email = "leaving-" + randomHex(3) + "@alpha-people.test";
        String password = newPassword();
        String memberId = as(alpha).body(Map.of("email", email, "role", "admin", "password", password))
            .post("/smtpy/accounts/" + alpha.accountId + "/members").then().statusCode(201).extract().jsonPath().getString("memberId");
        String session = login(email, password);
        as(session).get("/smtpy/domains/" + alpha.domain + "/aliases/info").then().statusCode(200);

        as(alpha).delete("/smtpy/accounts/" + alpha.accountId + "/members/" + memberId).then().statusCode(204);

        String absent = "absent-" + randomHex(3) + ".test";
        answersAsIfAbsent(as(session), "GET", "/smtpy/domains/" + alpha.domain + "/aliases/info", alpha.domain, absent);
        answersAsIfAbsent(as(session), "GET", "/smtpy/accounts/" + alpha.accountId + "/members", alpha.accountId, ABSENT_ACCOUNT);
        as(session).get("/smtpy/domains").then().statusCode(anyOf(is(403),
            is(200))).body(not(containsString(alpha.domain)));
        as(session).get("/smtpy/me").then().statusCode(200).body("accounts", empty());
    }

    @Test
    @Order(9)
    void jamesOwnRoutesShouldAnswerTheOperatorOnly() {
        for (String path : List.of("/domains", "/tasks")) {
            anonymous().get(path).then().statusCode(401);
            as("not-the-operator-key").get(path).then().statusCode(401);
            as(alpha).get(path).then().statusCode(401);
            as(alpha.keySecret).get(path).then().statusCode(401);
            operator().get(path).then().statusCode(200);
        }
    }

    @Test
    @Order(10)
    void noSecretShouldBeInTheServersLogOrInAnyAuditLog() {
        List<String> accounts = operator().get("/smtpy/accounts").then().statusCode(200).extract().jsonPath().getList("items.id");
        assertThat(accounts).contains(alpha.accountId, bravo.accountId);
        String audit = String.join("\n", accounts.stream().map(AccessEndToEndTest::auditExport).collect(Collectors.toList()));
        String log = LOG.rendered();
        // The capture works: the server logged while the test ran.
        assertThat(log).isNotEmpty();
        assertThat(audit).contains("session.create", "key.create", "invitation.accept");

        assertThat(SECRETS).hasSizeGreaterThan(10);
        for (String secret : SECRETS) {
            assertThat(log).as("the server's log").doesNotContain(secret);
            assertThat(audit).as("the audit logs").doesNotContain(secret);
        }
    }

    @Test
    @Order(11)
    void noSecretShouldBeInTheContextOfTheServersLogEvents() {
        // What a JSON log layout (James's logback-json, common in production) would write besides each message.
        List<String> leaking = LOG.contexts().lines()
            .filter(line -> SECRETS.stream().anyMatch(line::contains))
            .map(line -> line.substring(0, line.indexOf(' ')))
            .distinct()
            .collect(Collectors.toList());
        assertThat(leaking).as("loggers whose events carry a secret in their MDC").isEmpty();
    }
}
