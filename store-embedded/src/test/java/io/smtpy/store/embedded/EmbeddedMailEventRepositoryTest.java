package io.smtpy.store.embedded;

import static io.smtpy.core.events.MailEventRepositoryContract.EXAMPLE;
import static io.smtpy.core.events.MailEventRepositoryContract.T0;
import static io.smtpy.core.events.MailEventRepositoryContract.aliasEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import io.smtpy.core.events.JourneyQuery;
import io.smtpy.core.events.JourneySearchContract;
import io.smtpy.core.events.JourneySummary;
import io.smtpy.core.events.MailEvent;
import io.smtpy.core.events.MailEventQuery;
import io.smtpy.core.events.MailEventRepository;
import io.smtpy.core.events.MailEventRepositoryContract;
import io.smtpy.core.events.MailEventType;
import io.smtpy.core.model.LocalPart;

class EmbeddedMailEventRepositoryTest implements MailEventRepositoryContract, JourneySearchContract {
    @RegisterExtension
    final EmbeddedStoreExtension embedded = new EmbeddedStoreExtension();

    @Override
    public MailEventRepository testee() {
        return embedded.store().events();
    }

    @Test
    void aJourneyCutByAPurgeShouldGoOnFromWhatThePurgeLeftWhenItsNextEventArrives() {
        // The writer holds recent summaries in memory: a purge must not leave the one it cut there, stale.
        MailEventRepository events = embedded.store().events();
        events.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0).toBuilder().journeyId("j1").build());
        events.append(aliasEvent(EXAMPLE, "sales", MailEventType.FORWARDED, T0.plusSeconds(20)).toBuilder().journeyId("j1").build());
        assertThat(events.journeys(io.smtpy.core.events.JourneyQuery.of(EXAMPLE))).singleElement()
            .satisfies(journey -> assertThat(journey.firstAt()).isEqualTo(T0));

        events.purge(EXAMPLE, T0.plusSeconds(10));
        events.append(aliasEvent(EXAMPLE, "sales", MailEventType.BOUNCED, T0.plusSeconds(30)).toBuilder().journeyId("j1")
            .detail("550 5.1.1 gone").build());

        assertThat(events.journeys(io.smtpy.core.events.JourneyQuery.of(EXAMPLE))).singleElement().satisfies(journey -> {
            assertThat(journey.firstAt()).isEqualTo(T0.plusSeconds(20));
            assertThat(journey.status()).isEqualTo(MailEventType.BOUNCED);
            assertThat(journey.reasons()).contains("550 5.1.1 gone");
        });
    }

    @Test
    void eventsAppendedRightBeforeCloseShouldBeFoundAfterReopening() throws Exception {
        int count = 5000;
        for (int i = 0; i < count; i++) {
            embedded.store().events().append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0.plusMillis(i)));
        }
        MailEvent last = aliasEvent(EXAMPLE, "info", MailEventType.DELIVERED, T0.plusSeconds(3600)).toBuilder()
            .recipients(List.of("jane@dest.example"))
            .smtpCode(250)
            .enhancedStatus("2.0.0")
            .detail("250 2.0.0 Ok: queued as 4ABC")
            .build();
        embedded.store().events().append(last);

        embedded.close();
        assertThat(RawDatabase.number(embedded.file(), "SELECT count(*) FROM events")).isEqualTo(count + 1);
        embedded.reopen();

        assertThat(embedded.store().events().list(MailEventQuery.of(EXAMPLE).withLimit(1))).containsExactly(last);
        assertThat(embedded.store().events().list(MailEventQuery.of(EXAMPLE).withAlias(Optional.of(LocalPart.of("sales"))).withLimit(1)))
            .extracting(MailEvent::at).containsExactly(T0.plusMillis(count - 1));
    }

    @Test
    void appendShouldNotWaitForTheDatabaseAndQueuedEventsShouldBeWrittenInFewTransactions() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Another write transaction holds the writer connection, as a long alias import would.
        CompletableFuture<Void> longWrite = CompletableFuture.runAsync(() -> embedded.store().connections().write(connection -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        EmbeddedMailEventRepository events = (EmbeddedMailEventRepository) embedded.store().events();
        long batchesBefore = events.batches();

        CompletableFuture<Void> appends = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 500; i++) {
                events.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0.plusMillis(i)));
            }
        });
        appends.get(10, TimeUnit.SECONDS);
        assertThat(longWrite).isNotDone();

        release.countDown();
        longWrite.get(10, TimeUnit.SECONDS);
        assertThat(events.list(MailEventQuery.of(EXAMPLE).withLimit(MailEventQuery.MAX_LIMIT))).hasSize(500);
        // The writer took the first event (or a few) before blocking, and the rest in one batch after.
        assertThat(events.batches() - batchesBefore).isBetween(1L, 2L);
        assertThat(events.lost()).isZero();
    }

    @Test
    void appendAfterCloseShouldBeRefused() {
        MailEventRepository events = embedded.store().events();
        embedded.close();

        assertThatThrownBy(() -> events.append(aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0)))
            .isInstanceOf(EmbeddedStoreException.class)
            .hasMessageContaining("closed");
        embedded.reopen();
    }

    @Test
    void eventsTableShouldHaveItsIndexesAndListingByAliasShouldUseOne() throws Exception {
        assertThat(RawDatabase.strings(embedded.file(), "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name"))
            .containsExactly("events_by_alias", "events_by_domain", "events_by_journey", "events_by_message_id", "events_by_type");
        assertThat(embedded.queryPlan("SELECT id FROM events"
            + " WHERE domain = 'example.com' AND alias = 'sales' ORDER BY at DESC, seq DESC LIMIT 10"))
            .contains("events_by_alias")
            .doesNotContain("TEMP B-TREE");
        assertThat(embedded.queryPlan("SELECT id FROM events WHERE domain = 'example.com' ORDER BY at DESC, seq DESC LIMIT 10"))
            .contains("events_by_domain")
            .doesNotContain("TEMP B-TREE");
    }

    @Test
    void aJourneyAndTheLatestTypeOfAJourneyShouldBeReadThroughTheJourneyIndex() throws Exception {
        assertThat(embedded.queryPlan("SELECT id FROM events WHERE domain = 'example.com' AND journey_id = 'm1' ORDER BY at, seq"))
            .contains("events_by_journey")
            .doesNotContain("TEMP B-TREE");
        assertThat(embedded.queryPlan("SELECT id FROM events WHERE domain = 'example.com' AND message_id = '<a@x>'"))
            .contains("events_by_message_id");
    }

    @Test
    void commonTextShouldBeFoundInPageOrderAsRareTextIs() {
        // Over 2000 journeys hold "greylisted": the search reads in page order instead of the trigram candidates.
        for (int i = 0; i < 2100; i++) {
            String journey = String.format("g%04d", i);
            testee().append(JourneySearchContract.received(journey, T0.plusSeconds(i)));
            testee().append(JourneySearchContract.copy(journey, MailEventType.DEFERRED, T0.plusSeconds(i), "jane@dest.example",
                i == 7 ? "451 greylisted, and the rare word zyzzyva" : "451 4.7.1 greylisted, try again"));
        }
        JourneyQuery query = JourneyQuery.of(EXAMPLE).withReason(Optional.of("GREYLISTED")).withLimit(3);

        List<JourneySummary> first = testee().journeys(query);
        List<JourneySummary> second = testee().journeys(query.withAfter(Optional.of(first.get(2).start())));

        assertThat(first).extracting(JourneySummary::id).containsExactly("g2099", "g2098", "g2097");
        assertThat(second).extracting(JourneySummary::id).containsExactly("g2096", "g2095", "g2094");
        assertThat(testee().journeys(JourneyQuery.of(EXAMPLE).withReason(Optional.of("zyzzyva")))).extracting(JourneySummary::id)
            .containsExactly("g0007");
        assertThat(testee().journeys(JourneyQuery.of(EXAMPLE).withReason(Optional.of("greylisted, and the"))
            .withSubjectText(Optional.of("g0007")))).extracting(JourneySummary::id).containsExactly("g0007");
    }
}
