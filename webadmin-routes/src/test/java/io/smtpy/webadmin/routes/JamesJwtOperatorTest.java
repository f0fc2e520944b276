package io.smtpy.webadmin.routes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.apache.james.jwt.JwtConfiguration;
import org.apache.james.jwt.JwtTokenVerifier;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.authentication.JwtFilter;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.smtpy.core.directory.AliasDirectory;
import io.smtpy.core.directory.AliasResolver;
import io.smtpy.core.model.Limits;
import io.smtpy.core.store.memory.MemoryAliasRepository;
import io.smtpy.core.store.memory.MemoryDomainRepository;
import io.smtpy.core.testing.MovableClock;

/** With James's WebAdmin JWT turned on, a James admin token is the operator on smtpy's routes too. */
class JamesJwtOperatorTest {
    private KeyPair james;
    private WebAdminServer server;
    private TestAccess access;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        james = generator.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(james.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        JwtFilter jwt = new JwtFilter(() -> JwtTokenVerifier.create(new JwtConfiguration(List.of(pem))));
        MovableClock clock = new MovableClock(Instant.now());
        MemoryDomainRepository domains = new MemoryDomainRepository();
        AliasDirectory directory = new AliasDirectory(domains, new MemoryAliasRepository(), clock, Limits.DEFAULT);
        DkimFixture dkim = new DkimFixture(domains, clock);
        access = new TestAccess(directory, clock, jwt);
        JsonTransformer json = new JsonTransformer();
        server = WebAdminUtils.createWebAdminServer(
            new DomainRoutes(directory, new AliasResolver(directory), dkim.run, json, access.guard, access.access),
            new SessionRoutes(access.access, access.guard, json)).start();
        RestAssured.reset();
        RestAssured.requestSpecification = new RequestSpecBuilder().setPort(server.getPort().getValue()).build();
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    private static String token(PrivateKey key, boolean admin) {
        return Jwts.builder().setSubject("admin@james.example").claim("admin", admin)
            .setExpiration(Date.from(Instant.now().plusSeconds(600))).signWith(key, SignatureAlgorithm.RS256).compact();
    }

    @Test
    void aJamesAdminTokenShouldBeTheOperator() {
        given().header("Authorization", "Bearer " + token(james.getPrivate(), true)).get("/smtpy/me").then()
            .statusCode(200).body("operator", is(true));
        given().header("Authorization", "Bearer " + token(james.getPrivate(), true)).put("/smtpy/domains/example.com").then()
            .statusCode(201);
    }

    @Test
    void smtpyCredentialsShouldStillWorkBesideJamesJwt() {
        io.smtpy.access.Account account = access.access.createAccount("Acme");
        access.access.addMemberWithPassword(account.id(), "ann@acme.example", "", "correct horse battery", io.smtpy.access.Role.OWNER,
            java.util.Map.of(), io.smtpy.access.service.Principal.operator());
        String token = given().contentType("application/json")
            .body("{\"email\":\"ann@acme.example\",\"password\":\"correct horse battery\"}").post("/smtpy/session")
            .then().statusCode(201).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/smtpy/me").then().statusCode(200).body("operator", is(false));
        given().header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).get("/smtpy/me").then().statusCode(200).body("operator", is(true));
    }

    @Test
    void aNonAdminOrForeignTokenShouldBe401() throws Exception {
        given().header("Authorization", "Bearer " + token(james.getPrivate(), false)).get("/smtpy/me").then().statusCode(401);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        given().header("Authorization", "Bearer " + token(generator.generateKeyPair().getPrivate(), true)).get("/smtpy/me").then()
            .statusCode(401);
    }
}
