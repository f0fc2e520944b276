package io.smtpy.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smtpy.server.testing.ServerWithSink;
import io.smtpy.server.testing.SmtpTestClient;
import io.smtpy.webhooks.WebhookReceiver;

/**
 * Signed webhooks over real SMTP and real HTTP: the embedded server with the shipped pipeline forwards a mail, and
 * its events reach a loopback receiver on {@code 127.0.0.2}, the one network the operator allowed
 * ({@code webhooks.allowedNetworks=127.0.0.2/32}). Signatures are checked by this test's own Standard Webhooks
 * verifier (javax.crypto, not smtpy's signer). Retries are made short ({@code webhooks.firstRetrySeconds=1}).
 */
@Timeout(600)
class WebhooksEndToEndTest {
    private static final String WEBHOOKS = "/smtpy/domains/hooks.test/webhooks";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temporary;

    private static ServerWithSink fixture;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver("127.0.0.2");
        fixture = ServerWithSink.start(temporary, Optional.empty(),
            List.of("--txt-record=sender.test,v=spf1 ip4:127.0.0.1 -all"),
            "webhooks.allowedNetworks=127.0.0.2/32\nwebhooks.firstRetrySeconds=1\nwebhooks.maxRetrySeconds=2\n");
        rest().put("/smtpy/domains/hooks.test").then().statusCode(201);
        rest().body("{\"destinations\": [\"info@dest.test\"]}").put("/smtpy/domains/hooks.test/aliases/info").then().statusCode(201);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static RequestSpecification rest() {
        return given().spec(fixture.api());
    }

    private static JsonPath create(String url, String events) {
        return rest().body("{\"url\":\"" + url + "\",\"events\":" + events + "}").post(WEBHOOKS)
            .then().statusCode(201).extract().jsonPath();
    }

    private static void forward(String subject) throws Exception {
        forward(subject, "info@hooks.test");
    }

    private static void forward(String subject, String recipient) throws Exception {
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1", fixture.smtpPort())) {
            smtp.ehlo("client.sender.test");
            assertThat(smtp.mailFrom("alice@sender.test").code()).isEqualTo(250);
            assertThat(smtp.rcptTo(recipient).code()).isEqualTo(250);
            assertThat(smtp.data("From: <alice@sender.test>\r\nTo: <" + recipient + ">\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject + "@sender.test>\r\n\r\nhello\r\n").code()).isEqualTo(250);
        }
    }

    /**
     * Standard Webhooks verification written from the specification: the key is the base64 after {@code whsec_};
     * the signed content {@code id.timestamp.body}; the header holds space-separated {@code v1,<base64>} entries, one
     * of which must match (compared in constant time).
     */
    private static boolean verifies(String secret, WebhookReceiver.Received request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((request.id + "." + request.timestamp + "." + request.body).getBytes(StandardCharsets.UTF_8));
        for (String entry : request.signature.split(" ")) {
            String[] parts = entry.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }

    private static List<WebhookReceiver.Received> at(String path) {
        return receiver.received().stream().filter(request -> request.path.equals(path)).collect(Collectors.toList());
    }

    @Test
    void aForwardedMailShouldReachTheEndpointSignedWithItsSecret() throws Exception {
        String secret = create(receiver.url("/signed").toString(), "[\"forwarded\"]").getString("secret");

        forward("signed-one");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !at("/signed").isEmpty());
        WebhookReceiver.Received request = at("/signed").get(0);
        assertThat(verifies(secret, request)).isTrue();
        assertThat(verifies("whsec_" + Base64.getEncoder().encodeToString(new byte[24]), request)).isFalse();
        JsonNode body = JSON.readTree(request.body);
        assertThat(body.path("type").asText()).isEqualTo("forwarded");
        assertThat(body.path("data").path("domain").asText()).isEqualTo("hooks.test");
        assertThat(body.path("data").path("recipients").get(0).asText()).isEqualTo("info@dest.test");
        assertThat(body.path("data").path("messageId").asText()).contains("signed-one@sender.test");
        assertThat(request.id).isEqualTo("msg_" + body.path("data").path("id").asText());
        assertThat(Math.abs(Long.parseLong(request.timestamp) - Instant.now().getEpochSecond())).isLessThan(300);
    }

    @Test
    void aReceiverAnswering500ForAWhileShouldGetTheMessageOnARetry() throws Exception {
        String id = create(receiver.url("/flaky").toString(), "[\"forwarded\"]").getString("id");
        receiver.answer("/flaky", 500, 500, 503);

        forward("flaky-one");

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
            rest().get(WEBHOOKS + "/" + id + "/deliveries").then().extract().jsonPath().getList("state").contains("delivered"));
        JsonPath log = rest().get(WEBHOOKS + "/" + id + "/deliveries").then().statusCode(200).extract().jsonPath();
        assertThat(log.getList("[0].attempts.status", Integer.class)).containsExactly(500, 500, 503, 200);
        assertThat(at("/flaky")).hasSize(4).extracting(request -> request.id).containsOnly(log.getString("[0].messageId"));
    }

    @Test
    void literalInsideAddressesShouldBeRefusedAtCreation() {
        for (String url : List.of("http://127.0.0.1:" + receiver.port() + "/in", "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/", "http://192.168.0.10/", "http://[::1]/", "http://[::ffff:127.0.0.1]/")) {
            rest().body("{\"url\":\"" + url + "\"}").post(WEBHOOKS).then().statusCode(400)
                .body("message", org.hamcrest.Matchers.startsWith("Invalid url: refused"));
        }
        assertThat(rest().get(WEBHOOKS).then().extract().jsonPath().getList("url", String.class))
            .noneMatch(url -> url.contains("169.254") || url.contains("10.0.0.1") || url.contains("127.0.0.1"));
    }

    @Test
    void aNameResolvingToTheLoopbackAndRedirectsInsideShouldBeRefusedAtSendTime() throws Exception {
        String byName = create("http://localhost:" + receiver.port() + "/in", "[\"bounced\"]").getString("id");
        String toLoopback = create(receiver.url("/redirect?to=" + URLEncoder.encode("http://127.0.0.1:" + receiver.port() + "/in",
            StandardCharsets.UTF_8)).toString(), "[\"bounced\"]").getString("id");
        String toMetadata = create(receiver.url("/redirect?to=" + URLEncoder.encode("http://169.254.169.254/latest/meta-data/",
            StandardCharsets.UTF_8)).toString(), "[\"bounced\"]").getString("id");

        for (String id : List.of(byName, toLoopback)) {
            rest().post(WEBHOOKS + "/" + id + "/test").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("failed"))
                .body("attempts[0].outcome", org.hamcrest.Matchers.containsString("refused: 127.0.0.1 is a loopback address"));
        }
        rest().post(WEBHOOKS + "/" + toMetadata + "/test").then().statusCode(200)
            .body("attempts[0].outcome", org.hamcrest.Matchers.containsString("169.254.169.254 is a link-local address"));
        assertThat(receiver.hits("/redirect")).isEqualTo(2);
        assertThat(at("/in")).isEmpty();
    }

    private static String account(String name, String... domains) {
        String id = rest().body("{\"name\":\"" + name + "\"}").post("/smtpy/accounts").then().statusCode(201).extract().path("id");
        for (String domain : domains) {
            rest().put("/smtpy/domains/" + domain + "?account=" + id).then().statusCode(201);
            rest().body("{\"destinations\": [\"info@dest.test\"]}").put("/smtpy/domains/" + domain + "/aliases/info")
                .then().statusCode(201);
        }
        return id;
    }

    @Test
    void anAccountsEndpointShouldGetTheEventsOfItsDomainsAndNotThoseOfAnotherAccount() throws Exception {
        String acme = account("Acme", "one.acme.test");
        String beta = account("Beta", "beta.test");
        String secret = rest().body("{\"url\":\"" + receiver.url("/acme") + "\",\"events\":[\"forwarded\"]}")
            .post("/smtpy/accounts/" + acme + "/webhooks").then().statusCode(201).extract().path("secret");
        rest().body("{\"url\":\"" + receiver.url("/beta") + "\",\"events\":[\"forwarded\"]}")
            .post("/smtpy/accounts/" + beta + "/webhooks").then().statusCode(201);
        // Added after the endpoint: an account's endpoint covers it too.
        rest().put("/smtpy/domains/two.acme.test?account=" + acme).then().statusCode(201);
        rest().body("{\"destinations\": [\"info@dest.test\"]}").put("/smtpy/domains/two.acme.test/aliases/info").then().statusCode(201);

        forward("acme-one", "info@one.acme.test");
        forward("beta-one", "info@beta.test");
        forward("acme-two", "info@two.acme.test");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> at("/acme").size() >= 2 && !at("/beta").isEmpty());
        List<String> domains = new java.util.ArrayList<>();
        for (WebhookReceiver.Received request : at("/acme")) {
            assertThat(verifies(secret, request)).isTrue();
            domains.add(JSON.readTree(request.body).path("data").path("domain").asText());
        }
        assertThat(domains).containsExactlyInAnyOrder("one.acme.test", "two.acme.test");
        assertThat(at("/beta")).extracting(request -> JSON.readTree(request.body).path("data").path("domain").asText())
            .containsExactly("beta.test");
    }

    @Test
    void aBatchShouldArriveAsOneSignedArray() throws Exception {
        String secret = rest().body("{\"url\":\"" + receiver.url("/batched") + "\",\"events\":[\"forwarded\"],"
            + "\"batch\":{\"maxEvents\":10,\"maxDelaySeconds\":5}}").post(WEBHOOKS).then().statusCode(201)
            .body("batch.maxEvents", org.hamcrest.Matchers.is(10)).extract().path("secret");

        forward("batch-one");
        forward("batch-two");

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            int events = 0;
            for (WebhookReceiver.Received request : at("/batched")) {
                events += JSON.readTree(request.body).size();
            }
            return events >= 2;
        });
        List<String> subjects = new java.util.ArrayList<>();
        for (WebhookReceiver.Received request : at("/batched")) {
            assertThat(verifies(secret, request)).isTrue();
            assertThat(request.id).startsWith("batch_");
            JsonNode body = JSON.readTree(request.body);
            assertThat(body.isArray()).isTrue();
            body.forEach(message -> {
                assertThat(message.path("type").asText()).isEqualTo("forwarded");
                subjects.add(message.path("data").path("messageId").asText());
            });
        }
        assertThat(subjects).hasSize(2).anyMatch(id -> id.contains("batch-one@sender.test"))
            .anyMatch(id -> id.contains("batch-two@sender.test"));
        assertThat(at("/batched").size()).as("both events came within the batch's delay").isEqualTo(1);
    }
}
