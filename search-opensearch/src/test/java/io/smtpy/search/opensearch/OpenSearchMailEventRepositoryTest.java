package io.smtpy.search.opensearch;

import static io.smtpy.core.events.MailEventRepositoryContract.EXAMPLE;
import static io.smtpy.core.events.MailEventRepositoryContract.T0;
import static io.smtpy.core.events.MailEventRepositoryContract.aliasEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySearchContract;
import io.smtpy.core.events.JourneyTerm;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventRepositoryContract;
import io.smtpy.core.events.MailEventType;

class OpenSearchMailEventRepositoryTest implements MailEventRepositoryContract, JourneySearchContract {
    /** The suite's own indices and templates on the shared server. */
    private static final String PREFIX = "smtpy-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static RestClient client;
    private OpenSearchMailEventRepository repository;

    @BeforeAll
    static void connect() {
        client = OpenSearchServer.shared().client();
    }

    @AfterAll
    static void dropAndDisconnect() throws IOException {
        OpenSearchMailEventRepository last = new OpenSearchMailEventRepository(client, PREFIX, 0);
        last.close();
        last.dropIndices();
        client.close();
    }

    @BeforeEach
    void setUp() {
        repository = new OpenSearchMailEventRepository(client, PREFIX, 0);
        repository.clearIndices();
    }

    @AfterEach
    void tearDown() {
        repository.close();
    }

    @Override
    public MailEventRepository testee() {
        return repository;
    }

    @Test
    void eventsShouldGoToTheIndexOfTheirMonthUnderTheAlias() throws IOException {
        repository.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0.minusSeconds(1)));
        repository.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0));
        assertThat(repository.list(MailEventQuery.of(EXAMPLE))).hasSize(2);

        JsonNode aliases = get("/_alias/" + PREFIX + "-events");
        assertThat(aliases.fieldNames()).toIterable()
            .containsExactlyInAnyOrder(PREFIX + "-events-2025.12", PREFIX + "-events-2026.01");
    }

    @Test
    void aReadRightAfterAnAppendShouldSeeItWithoutWaitingForTheRefreshInterval() {
        for (int i = 0; i < 20; i++) {
            int at = i;
            repository.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0.plusSeconds(at)));
            assertThat(repository.list(MailEventQuery.of(EXAMPLE).withLimit(1))).singleElement()
                .satisfies(event -> assertThat(event.at()).isEqualTo(T0.plusSeconds(at)));
        }
    }

    @Test
    void twoRepositoriesWritingOneJourneyShouldBothBeSummedUp() {
        // Two nodes: each folds its events into the summary it reads; the conditional write keeps both.
        try (OpenSearchMailEventRepository other = new OpenSearchMailEventRepository(client, PREFIX, 0)) {
            for (int i = 0; i < 10; i++) {
                repository.append(JourneySearchContract.copy("j1", MailEventType.DEFERRED, T0.plusSeconds(i), "a@dest.example",
                    "451 first node try " + i));
                other.append(JourneySearchContract.copy("j1", MailEventType.DEFERRED, T0.plusSeconds(i), "b@dest.example",
                    "451 second node try " + i));
            }
            other.journeys(JourneyQuery.of(EXAMPLE));
        }

        assertThat(repository.journeys(JourneyQuery.of(EXAMPLE))).singleElement().satisfies(journey -> {
            assertThat(journey.reasons()).contains("451 first node try 9", "451 second node try 9");
            assertThat(journey.terms(JourneyTerm.RECIPIENT)).containsExactlyInAnyOrder("a@dest.example", "b@dest.example");
        });
        assertThat(repository.lost()).isZero();
    }

    @Test
    void eventsAppendedWhileOpenSearchIsDownShouldBeWrittenWhenItIsBack() throws Exception {
        org.apache.http.HttpHost server = OpenSearchServer.shared().address();
        try (SwitchableProxy proxy = new SwitchableProxy(new java.net.InetSocketAddress(server.getHostName(), server.getPort()));
             RestClient throughProxy = RestClient.builder(new org.apache.http.HttpHost("127.0.0.1", proxy.port(), "http")).build();
             OpenSearchMailEventRepository node = new OpenSearchMailEventRepository(throughProxy, PREFIX, 0)) {
            node.append(JourneySearchContract.copy("j-outage", MailEventType.DEFERRED, T0, "a@dest.example", "451 before"));
            assertThat(node.list(MailEventQuery.of(EXAMPLE))).hasSize(1);

            proxy.cut();
            for (int i = 1; i <= 30; i++) {
                node.append(JourneySearchContract.copy("j-outage", MailEventType.DEFERRED, T0.plusSeconds(i), "a@dest.example",
                    "451 during " + i));
            }
            Thread.sleep(2 * OpenSearchMailEventRepository.LINGER_MILLIS + 3 * OpenSearchMailEventRepository.FIRST_RETRY_MILLIS);
            assertThat(repository.list(MailEventQuery.of(EXAMPLE).withLimit(100))).as("nothing reached OpenSearch yet").hasSize(1);
            proxy.restore();

            assertThat(node.list(MailEventQuery.of(EXAMPLE).withLimit(100))).hasSize(31);
            assertThat(node.journeys(JourneyQuery.of(EXAMPLE))).singleElement()
                .satisfies(journey -> assertThat(journey.reasons()).contains("451 during 30"));
            assertThat(node.lost()).isZero();
        }
    }

    @Test
    void appendAfterCloseShouldBeRefused() {
        repository.close();

        assertThatThrownBy(() -> repository.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0)))
            .isInstanceOf(EventSearchException.class)
            .hasMessageContaining("closed");
    }

    private static JsonNode get(String endpoint) throws IOException {
        return OpenSearchHttp.JSON.readTree(client.performRequest(new Request("GET", endpoint)).getEntity().getContent());
    }
}
