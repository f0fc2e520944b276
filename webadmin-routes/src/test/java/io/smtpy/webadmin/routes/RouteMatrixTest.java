package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smtpy.access.AccessId;
import io.smtpy.access.ApiKey;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.Permission;
import io.smtpy.access.Role;
import io.smtpy.access.store.AccessStores;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.Limits;
import io.smtpy.webadmin.guard.Access;
import io.smtpy.webadmin.guard.RouteSpec;

/**
 * The route matrix, generated from the route registry: every smtpy route, called by every kind of caller (none, a
 * bad, expired, revoked or allowlist-excluded key, another account's key, a read-only member, a key lacking the
 * verb, a key of another domain, the operator), gives the answer its declared {@link Access} documents, and a
 * refused call leaves every store as it was. A route added to the registry is in the matrix without a line here.
 *
 * <p>One world (accounts, domains, members, keys) serves many calls; a call that may have changed it (a mutation
 * that succeeded) makes the next call build a fresh one, so no row depends on what an earlier row did.
 */
class RouteMatrixTest {
    private static final String ALLOWED_NETWORK = "10.9.9.0/24";
    private static final String BAD_KEY = "smtpy_key_nosuchkey_" + "0".repeat(64);
    private static final String IMPORT_CSV = "localPart,destinations\ninfo,a@x.example\n";
    private static final String PASSWORD = "correct horse battery";
    /** The throttle refuses a source's 21st failure in 5 minutes; the matrix moves time on well before. */
    private static final int FAILURES_BEFORE_MOVING_ON = 12;
    private static final Duration PAST_THE_THROTTLE_WINDOW = Duration.ofMinutes(6);
    /** Routes only a member's session can use: the route itself answers 403 to keys and to the operator. */
    private static final Pattern MEMBER_ONLY = Pattern.compile("/smtpy/(session|sessions|sessions/:session|me/.+)");
    private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z]+)");

    /** Who calls, in the order each route is tried: refusals first, the operator last. */
    enum Caller {
        NO_CREDENTIALS, BAD_KEY, EXPIRED_KEY, REVOKED_KEY, KEY_FROM_AN_EXCLUDED_ADDRESS, KEY_OF_ANOTHER_ACCOUNT,
        READ_ONLY_MEMBER, KEY_LACKING_THE_VERB, KEY_OF_ANOTHER_DOMAIN, OPERATOR;

        boolean unauthenticated() {
            return ordinal() <= KEY_FROM_AN_EXCLUDED_ADDRESS.ordinal();
        }
    }

    private World world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
        RestAssured.reset();
    }

    @TestFactory
    Stream<DynamicNode> everyRouteGivesEveryCallerTheDocumentedAnswerAndARefusalWritesNothing() {
        world = new World();
        List<RouteSpec> routes = world.fixture.access.registry.routes();
        List<String> undeclared = world.fixture.access.registry.undeclaredRoutes();
        Stream<DynamicNode> preconditions = Stream.of(
            dynamicTest("the registry declares every smtpy route", () -> {
                assertThat(routes).hasSizeGreaterThan(40);
                assertThat(undeclared).isEmpty();
            }),
            dynamicTest("each refused credential is refused for the reason its row names", this::credentialsAreWhatTheyClaim));
        return Stream.concat(preconditions, routes.stream().map(route -> dynamicContainer(route.toString(),
            callersOf(route).map(caller -> dynamicTest(caller.name().toLowerCase(Locale.ROOT), () -> call(route, caller))))));
    }

    private static Stream<Caller> callersOf(RouteSpec route) {
        if (route.access().kind() == Access.Kind.OPEN) {
            // Not guarded: a missing or bad credential changes nothing.
            return Stream.of(Caller.NO_CREDENTIALS, Caller.BAD_KEY);
        }
        return Arrays.stream(Caller.values());
    }

    private void credentialsAreWhatTheyClaim() {
        World current = current();
        Map<Caller, String> reasons = Map.of(Caller.EXPIRED_KEY, "expired key",
            Caller.REVOKED_KEY, "revoked key", Caller.KEY_FROM_AN_EXCLUDED_ADDRESS, "address not in the key's allowlist");
        for (Caller caller : List.of(Caller.EXPIRED_KEY, Caller.REVOKED_KEY, Caller.KEY_FROM_AN_EXCLUDED_ADDRESS)) {
            current.makeRoomForAFailure();
            assertThat(current.as(caller).get("/smtpy/me").statusCode()).as(caller.name()).isEqualTo(401);
            current.failures++;
            FailedAttempt last = current.stores().failedAttempts().recent(current.accountA, 1).get(0);
            assertThat(last.reason()).as(caller.name()).isEqualTo(reasons.get(caller));
        }
        current.makeRoomForAFailure();
        assertThat(current.as(Caller.BAD_KEY).get("/smtpy/me").statusCode()).isEqualTo(401);
        current.failures++;
        for (Caller caller : List.of(Caller.KEY_OF_ANOTHER_ACCOUNT, Caller.READ_ONLY_MEMBER, Caller.KEY_LACKING_THE_VERB,
            Caller.KEY_OF_ANOTHER_DOMAIN, Caller.OPERATOR)) {
            assertThat(current.as(caller).get("/smtpy/me").statusCode()).as(caller.name()).isEqualTo(200);
        }
    }

    private void call(RouteSpec route, Caller caller) {
        World current = current();
        Expected expected = expected(route, caller);
        current.makeRoomForAFailure();
        Map<String, Object> before = current.snapshot();
        long auditBefore = current.auditEntries();
        Response response = current.send(route, caller);
        int status = response.statusCode();
        if (route.mutating() && status / 100 == 2) {
            current.dirty = true;
        }
        if (status == 401) {
            current.failures++;
        }
        String body = response.asString();
        String call = route.method() + " " + current.concrete(route) + " as " + caller + " answered " + status + " " + body;
        assertThat(status).as(call).matches(expected.status, expected.description);
        for (String hidden : expected.hidden) {
            assertThat(body).as(call + ": shows what it cannot reach").doesNotContain(current.resolve(hidden));
        }
        if (caller == Caller.OPERATOR && route.mutating() && route.access().kind() != Access.Kind.OPEN) {
            // Every mutation the guard admits leaves one audit entry, whatever its outcome, in the account it acted
            // in; a call that never learnt its account (refused before it, as a bad body of a new account) leaves none.
            // The operator's block and allow lists belong to no account: their changes, refused ones too, are kept in the
            // operator's own account.
            boolean accountUnknown = (status == 400 || status == 403) && (route.access().scope() == Access.Scope.NONE
                || route.access().scope() == Access.Scope.ANY_ACCOUNT) && !route.path().startsWith("/smtpy/lists");
            // Creating A's domain in the operator's own account is refused by the guard itself: nothing written.
            boolean refusedByTheGuard = status == 409 && route.access().scope() == Access.Scope.NEW_DOMAIN;
            assertThat(current.auditEntries() - auditBefore).as("audit entries left by " + call).isEqualTo(accountUnknown || refusedByTheGuard ? 0 : 1);
        }
        if (expected.refusal) {
            Map<String, Object> after = current.snapshot();
            if (!after.equals(before)) {
                current.dirty = true;
            }
            assertThat(after).as("stores after the refused call " + call).isEqualTo(before);
        }
    }

    /** The documented answer: what the route's declared access says this caller gets. */
    private static Expected expected(RouteSpec route, Caller caller) {
        Access access = route.access();
        if (access.kind() == Access.Kind.OPEN) {
            return Expected.admitted("not guarded");
        }
        if (caller.unauthenticated()) {
            return Expected.refused(401);
        }
        boolean memberOnly = access.kind() == Access.Kind.ANY_PRINCIPAL && MEMBER_ONLY.matcher(route.path()).matches();
        if (caller == Caller.OPERATOR && route.method().equals("DELETE") && route.path().equals("/smtpy/session")) {
            return Expected.admitted("the operator signs out of the panel: its cookie is cleared");
        }
        if (memberOnly && caller != Caller.READ_ONLY_MEMBER) {
            // Admitted by the guard, refused by the route: only a member's session has sessions and a second factor.
            return Expected.refused(403);
        }
        if (caller == Caller.OPERATOR) {
            return Expected.admitted("the operator may do anything");
        }
        switch (access.kind()) {
            case OPERATOR:
                return Expected.refused(403);
            case ANY_PRINCIPAL:
                return caller == Caller.KEY_OF_ANOTHER_ACCOUNT ? Expected.seeingOnlyItsOwn(route) : Expected.admitted("any principal");
            default:
                return permissionRoute(route, caller, access.permission().orElseThrow());
        }
    }

    private static Expected permissionRoute(RouteSpec route, Caller caller, Permission permission) {
        Access.Scope scope = route.access().scope();
        switch (caller) {
            case READ_ONLY_MEMBER:
                return Role.READ_ONLY.grants(permission) ? Expected.admitted("read-only grants " + permission) : Expected.refused(403);
            case KEY_LACKING_THE_VERB:
                return permission == Permission.DOMAINS_READ ? Expected.admitted("the key has " + permission) : Expected.refused(403);
            case KEY_OF_ANOTHER_ACCOUNT:
                switch (scope) {
                    case NEW_DOMAIN:
                        // Creating a.example, which A owns: that a domain exists is the one thing a create cannot hide.
                        return Expected.refused(409);
                    case ANY_ACCOUNT:
                        return Expected.seeingOnlyItsOwn(route);
                    default:
                        // A's domain, account or task is, for B, as absent as one nobody has.
                        return Expected.refused(404);
                }
            case KEY_OF_ANOTHER_DOMAIN:
                switch (scope) {
                    case DOMAIN:
                    case TASK:
                        // a.example, and a.example's task, are outside a key limited to b.example.
                        return Expected.refused(404);
                    case NEW_DOMAIN:
                        return Expected.refused(403);
                    case ANY_ACCOUNT:
                        return Expected.admitted("its own domains only").hiding(route.method().equals("GET") ? List.of("a.example") : List.of());
                    default:
                        // Its account's own things need account-wide permissions, which a domain-limited key never has;
                        // reading the account itself needs domains:read, which it has. What is account-wide (the block
                        // and allow lists) applies to every domain of the account: such a key reads it, never changes it.
                        if (route.mutating()) {
                            return Expected.refused(403);
                        }
                        return permission.domainScoped() ? Expected.admitted("the key has " + permission + " in its account")
                            : Expected.refused(403);
                }
            default:
                throw new IllegalStateException(caller.name());
        }
    }

    private World current() {
        if (world.dirty) {
            world.close();
            world = new World();
        }
        return world;
    }

    /** What a row accepts as the status, whether the call is a refusal, and what the answer must not show. */
    private static final class Expected {
        final String description;
        final Predicate<Integer> status;
        final boolean refusal;
        final List<String> hidden;

        private Expected(String description, Predicate<Integer> status, boolean refusal, List<String> hidden) {
            this.description = description;
            this.status = status;
            this.refusal = refusal;
            this.hidden = hidden;
        }

        static Expected refused(int status) {
            return new Expected("refused with " + status, code -> code == status, true, List.of());
        }

        /** Past the guard: the route answers, whatever it makes of the empty body, but never a refusal or a crash. */
        static Expected admitted(String why) {
            return new Expected("admitted (" + why + "): not 401, 403, 429 or 5xx",
                code -> code != 401 && code != 403 && code != 429 && code < 500, false, List.of());
        }

        /** Another account's key: admitted, found, and shown neither A's domains nor A's id (the path parameter's value). */
        static Expected seeingOnlyItsOwn(RouteSpec route) {
            return new Expected("admitted and shown only its own account's things: not 401, 403, 404, 429 or 5xx",
                code -> code != 401 && code != 403 && code != 404 && code != 429 && code < 500, false,
                route.method().equals("GET") ? List.of("a.example", "b.example", ":account") : List.of());
        }

        Expected hiding(List<String> texts) {
            return new Expected(description, status, refusal, texts);
        }
    }

    /**
     * Accounts A and B; a.example and b.example owned by A, z.example by B; sales@a.example; a read-only member
     * of A with a session; an invitation; A's keys (full, expired, revoked, allowlisted elsewhere, domains:read
     * only, limited to b.example), B's full key; and an import task of a.example, finished.
     */
    private static final class World implements AutoCloseable {
        final RoutesFixture fixture = new RoutesFixture(Limits.DEFAULT);
        final AccessId accountA;
        final AccessId accountB;
        final AccessId member;
        final Map<Caller, String> tokens = new LinkedHashMap<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        boolean dirty;
        int failures;

        World() {
            // The fixture's default request calls as the operator; here each call says who it is.
            RestAssured.reset();
            RestAssured.requestSpecification = new RequestSpecBuilder().setPort(fixture.server.getPort().getValue()).build();
            String a = operator().body("{\"name\":\"Acme\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
            String b = operator().body("{\"name\":\"Beta\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
            accountA = AccessId.of(a);
            accountB = AccessId.of(b);
            for (String domain : List.of("a.example?account=" + a, "b.example?account=" + a, "z.example?account=" + b)) {
                operator().put("/smtpy/domains/" + domain).then().statusCode(201);
            }
            operator().body("{\"destinations\":[\"x@dest.example\"]}").put("/smtpy/domains/a.example/aliases/sales").then().statusCode(201);
            String memberId = operator().body("{\"email\":\"ro@a.example\",\"role\":\"read-only\",\"password\":\"" + PASSWORD + "\"}")
                .post("/smtpy/accounts/" + a + "/members").then().statusCode(201).extract().path("memberId");
            member = AccessId.of(memberId);
            tokens.put(Caller.READ_ONLY_MEMBER, login().path("token"));
            String otherSession = login().path("sessionId");
            String invitation = operator().body("{\"email\":\"new@a.example\",\"role\":\"member\"}")
                .post("/smtpy/accounts/" + a + "/invitations").then().statusCode(201).extract().path("id");
            String all = Arrays.stream(Permission.values()).map(permission -> "\"" + permission.value() + "\"")
                .collect(Collectors.joining(",", "[", "]"));
            Response full = key(a, "{\"name\":\"full\",\"permissions\":" + all + "}");
            Response expiring = key(a, "{\"name\":\"expiring\",\"permissions\":" + all + ",\"expiresAt\":\""
                + fixture.clock.instant().plus(Duration.ofHours(1)) + "\"}");
            Response revoked = key(a, "{\"name\":\"revoked\",\"permissions\":" + all + "}");
            operator().delete("/smtpy/accounts/" + a + "/keys/" + revoked.path("id")).then().statusCode(204);
            tokens.put(Caller.NO_CREDENTIALS, "");
            tokens.put(Caller.BAD_KEY, BAD_KEY);
            tokens.put(Caller.EXPIRED_KEY, expiring.path("secret"));
            tokens.put(Caller.REVOKED_KEY, revoked.path("secret"));
            tokens.put(Caller.KEY_FROM_AN_EXCLUDED_ADDRESS, key(a, "{\"name\":\"office\",\"permissions\":" + all
                + ",\"allowedIps\":[\"" + ALLOWED_NETWORK + "\"]}").path("secret"));
            tokens.put(Caller.KEY_OF_ANOTHER_ACCOUNT, key(b, "{\"name\":\"beta\",\"permissions\":" + all + "}").path("secret"));
            tokens.put(Caller.KEY_LACKING_THE_VERB, key(a, "{\"name\":\"reader\",\"permissions\":[\"domains:read\"]}").path("secret"));
            // A key limited to a domain carries domain permissions only (account-wide ones are refused at creation).
            String domainPermissions = Arrays.stream(Permission.values()).filter(Permission::domainScoped)
                .map(permission -> "\"" + permission.value() + "\"").collect(Collectors.joining(",", "[", "]"));
            tokens.put(Caller.KEY_OF_ANOTHER_DOMAIN, key(a, "{\"name\":\"b only\",\"permissions\":" + domainPermissions
                + ",\"domains\":[\"b.example\"]}").path("secret"));
            tokens.put(Caller.OPERATOR, TestAccess.OPERATOR_KEY);
            String task = operator().contentType("text/csv").body(IMPORT_CSV).post("/smtpy/domains/a.example/aliases/import")
                .then().statusCode(201).extract().path("taskId");
            operator().get("/smtpy/tasks/" + task + "/await?timeout=30").then().statusCode(200);

            parameters.put("domain", "a.example");
            parameters.put("localPart", "sales");
            parameters.put("account", a);
            parameters.put("member", memberId);
            parameters.put("invitation", invitation);
            parameters.put("key", full.path("id"));
            parameters.put("session", otherSession);
            parameters.put("taskId", task);
            parameters.put("reportId", "no-such-report");
            parameters.put("id", "no-such-id");
            parameters.put("token", "not-a-token");
            parameters.put("address", "192.0.2.66");
            parameters.put("action", "hold");
            // Past the expiring key's end, well within the member's session.
            fixture.clock.moveBy(Duration.ofHours(2));
        }

        private RequestSpecification operator() {
            return given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).contentType(ContentType.JSON);
        }

        private Response login() {
            Response response = given().contentType(ContentType.JSON).body("{\"email\":\"ro@a.example\",\"password\":\"" + PASSWORD + "\"}")
                .post("/smtpy/session");
            response.then().statusCode(201);
            return response;
        }

        private Response key(String account, String body) {
            Response response = operator().body(body).post("/smtpy/accounts/" + account + "/keys");
            response.then().statusCode(201);
            return response;
        }

        AccessStores stores() {
            return fixture.access.stores;
        }

        RequestSpecification as(Caller caller) {
            String token = tokens.get(caller);
            return token.isEmpty() ? given() : given().header("Authorization", "Bearer " + token);
        }

        Response send(RouteSpec route, Caller caller) {
            RequestSpecification request = as(caller);
            if (route.mutating()) {
                boolean csv = route.bodyType().startsWith("text/csv");
                request = request.contentType(route.bodyType()).body(csv ? IMPORT_CSV : "{}");
            }
            if (route.path().endsWith("/events/stream")) {
                // A live tail streams until its timeout: one second is enough to see it open.
                request = request.queryParam("timeout", 1);
            }
            return request.request(route.method(), concrete(route));
        }

        /** The route's path with the world's values for its parameters. */
        String concrete(RouteSpec route) {
            return resolve(route.path());
        }

        String resolve(String text) {
            Matcher matcher = PARAMETER.matcher(text);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String value = Optional.ofNullable(parameters.get(matcher.group(1)))
                    .orElseThrow(() -> new AssertionError(text + ": the matrix has no value for :" + matcher.group(1) + "; give it one"));
                matcher.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        /** The throttle counts a source's failures over 5 minutes; the clock moves on before the matrix nears its limit. */
        void makeRoomForAFailure() {
            if (failures >= FAILURES_BEFORE_MOVING_ON) {
                fixture.clock.moveBy(PAST_THE_THROTTLE_WINDOW);
                failures = 0;
            }
        }

        /**
         * What a refused call must leave as it was. A key's last use is left out: it is written when a key
         * authenticates, before the guard knows whether the route is allowed, and is no change to what it guards.
         */
        Map<String, Object> snapshot() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("audit entries of A", auditCount(accountA));
            state.put("audit entries of B", auditCount(accountB));
            state.put("accounts", stores().accounts().list());
            state.put("domains", fixture.directory.domains());
            state.put("aliases of a.example", fixture.directory.allAliases(DomainName.of("a.example")));
            state.put("keys of A", stores().keys().ofAccount(accountA).stream().map(World::withoutLastUse).collect(Collectors.toList()));
            state.put("keys of B", stores().keys().ofAccount(accountB).stream().map(World::withoutLastUse).collect(Collectors.toList()));
            state.put("memberships of A", stores().members().membershipsOfAccount(accountA));
            state.put("the read-only member", stores().members().get(member));
            state.put("sessions of the read-only member", stores().sessions().ofMember(member));
            state.put("invitations of A", stores().invitations().ofAccount(accountA));
            DomainName a = DomainName.of("a.example");
            state.put("rules of a.example", fixture.rules.get(io.smtpy.rules.RuleScope.domain(a)));
            state.put("rules of sales@a.example", fixture.rules.get(io.smtpy.rules.RuleScope.alias(a, io.smtpy.core.model.LocalPart.of("sales"))));
            io.smtpy.core.model.LocalPart sales = io.smtpy.core.model.LocalPart.of("sales");
            state.put("lists of a.example", fixture.lists.list(io.smtpy.rules.lists.ListScope.domain(a)));
            state.put("lists of sales@a.example", fixture.lists.list(io.smtpy.rules.lists.ListScope.alias(a, sales)));
            state.put("lists of A", fixture.lists.list(io.smtpy.rules.lists.ListScope.account(accountA.asString())));
            state.put("the operator's lists", fixture.lists.list(io.smtpy.rules.lists.ListScope.operator()));
            state.put("quarantine of a.example", fixture.quarantine.list(io.smtpy.rules.quarantine.QuarantineQuery.of(a).anyState()).items());
            state.put("webhooks of a.example", fixture.webhookEndpoints.list(io.smtpy.webhooks.WebhookScope.domain(a)));
            state.put("webhooks of A", fixture.webhookEndpoints.list(io.smtpy.webhooks.WebhookScope.account(accountA.asString())));
            state.put("suppressions of a.example", fixture.suppressions.list(io.smtpy.suppression.SuppressionQuery.of(a,
                fixture.clock.instant())).items());
            state.put("SMTP credentials of a.example", fixture.smtpCredentialStore.list(a));
            state.put("sales@a.example", fixture.directory.alias(io.smtpy.core.model.AliasAddress.of(a, sales)));
            return state;
        }

        private static List<Object> withoutLastUse(ApiKey key) {
            return List.of(key.id(), key.name(), key.secretHash(), key.permissions(), key.domains(), key.expiresAt(),
                key.allowedIps(), key.revokedAt());
        }

        /** Every audit entry of every account the world has had (a deleted account keeps its log). */
        long auditEntries() {
            java.util.Set<AccessId> accounts = new java.util.TreeSet<>(List.of(accountA, accountB, io.smtpy.access.Account.DEFAULT_ID));
            stores().accounts().list().forEach(account -> accounts.add(account.id()));
            return accounts.stream().mapToLong(this::auditCount).sum();
        }

        private int auditCount(AccessId account) {
            int[] count = {0};
            stores().audit().forEach(account, entry -> count[0]++);
            return count[0];
        }

        @Override
        public void close() {
            fixture.close();
        }
    }
}
