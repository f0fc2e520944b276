package io.smtpy.webadmin.routes;

import static io.smtpy.webadmin.routes.RuleRoutesTest.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** The live tail over a real WebAdmin server: a real HTTP client reads the stream while events are handed to the feed. */
class EventStreamRoutesTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private RoutesFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = RoutesFixture.served();
        op().put("/smtpy/domains/example.com").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private BufferedReader open(String query) throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + fixture.server.getPort().getValue() + "/smtpy/domains/example.com/events/stream" + query))
                .header("Authorization", "Bearer " + TestAccess.OPERATOR_KEY).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo(": events of example.com from now on");
        return reader;
    }

    private static MailEvent event(MailEventType type, String alias) {
        return MailEvent.builder(EXAMPLE, type, Instant.parse("2026-03-01T12:00:00Z")).alias(LocalPart.of(alias)).build();
    }

    private static List<String> rest(BufferedReader reader) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void eventsShouldStreamAsTheyHappenFilteredAndTheStreamEndAtItsLimit() throws Exception {
        BufferedReader reader = open("?type=bounced,delivered&alias=sales&limit=2");

        fixture.feed.onEvent(event(MailEventType.RECEIVED, "sales"));
        MailEvent bounced = event(MailEventType.BOUNCED, "sales");
        fixture.feed.onEvent(bounced);
        fixture.feed.onEvent(event(MailEventType.DELIVERED, "info"));
        fixture.feed.onEvent(event(MailEventType.DELIVERED, "sales"));

        List<String> lines = rest(reader);
        assertThat(lines).containsSubsequence("id: " + bounced.id().asString(), "event: bounced");
        assertThat(lines).filteredOn(line -> line.startsWith("event: ")).containsExactly("event: bounced", "event: delivered");
        assertThat(lines).filteredOn(line -> line.startsWith("data: ")).allSatisfy(line -> assertThat(line).contains("\"alias\":\"sales\""));
        assertThat(fixture.feed.subscriptions()).isZero();
    }

    @Test
    void badFiltersAndUnknownDomainsShouldBeRefusedBeforeStreaming() {
        op().get("/smtpy/domains/example.com/events/stream?type=lost").then().statusCode(400).body("message", containsString("Invalid type"));
        op().get("/smtpy/domains/example.com/events/stream?limit=0").then().statusCode(400).body("message", containsString("limit"));
        op().get("/smtpy/domains/unknown.example/events/stream?limit=1").then().statusCode(404);
        assertThat(fixture.feed.subscriptions()).isZero();
    }
}
