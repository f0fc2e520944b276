package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;

/** What every {@link MailEventRepository} must do. A backend test implements this interface and {@link #testee()}. */
public interface MailEventRepositoryContract {
    Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.org");

    MailEventRepository testee();

    static MailEvent event(DomainName domain, MailEventType type, Instant at) {
        return MailEvent.builder(domain, type, at).sender("someone@sender.example").build();
    }

    static MailEvent aliasEvent(DomainName domain, String alias, MailEventType type, Instant at) {
        return event(domain, type, at).toBuilder().alias(LocalPart.of(alias)).build();
    }

    /** Every field set, with text that trips naive storage: Unicode beyond the BMP, quotes, JSON and SQL syntax. */
    static MailEvent richEvent(DomainName domain, Instant at) {
        return MailEvent.builder(domain, MailEventType.BOUNCED, at.plusNanos(123_456_789))
            .alias(LocalPart.of("sales"))
            .messageId("<CA+\"quoted\"'; DROP TABLE events;--@mail.sender.example>")
            .mailId("Mail1767225600000-42")
            .journeyId("Mail1767225600000-7")
            .sender("Jöhn.Doe@sender.example")
            .recipients(List.of("Jane@dest.example", "ops@dest.example", "[\"not\",\"json\"]@dest.example"))
            .smtpCode(550)
            .enhancedStatus("5.1.1")
            .detail("550 5.1.1 <Jane@dest.example>: Recipient address rejected: User unknown \uD83D\uDCEC\nsecond line, tab\there")
            .subject("Re: \"Facture\" n°42 \uD83D\uDCEC'; DROP TABLE journeys;--")
            .build();
    }

    @Test
    default void everyFieldShouldRoundTrip() {
        MailEvent rich = richEvent(EXAMPLE, T0);

        testee().append(rich);

        List<MailEvent> listed = testee().list(MailEventQuery.of(EXAMPLE));
        assertThat(listed).containsExactly(rich);
        MailEvent found = listed.get(0);
        assertThat(found.id()).isEqualTo(rich.id());
        assertThat(found.at()).isEqualTo(T0.plusNanos(123_456_789));
        assertThat(found.alias()).contains(LocalPart.of("sales"));
        assertThat(found.type()).isEqualTo(MailEventType.BOUNCED);
        assertThat(found.messageId()).contains("<CA+\"quoted\"'; DROP TABLE events;--@mail.sender.example>");
        assertThat(found.mailId()).contains("Mail1767225600000-42");
        assertThat(found.journeyId()).contains("Mail1767225600000-7");
        assertThat(found.sender()).isEqualTo("Jöhn.Doe@sender.example");
        assertThat(found.recipients()).containsExactly("Jane@dest.example", "ops@dest.example", "[\"not\",\"json\"]@dest.example");
        assertThat(found.smtpCode()).contains(550);
        assertThat(found.enhancedStatus()).contains("5.1.1");
        assertThat(found.detail()).isEqualTo(rich.detail());
        assertThat(found.subject()).contains("Re: \"Facture\" n°42 \uD83D\uDCEC'; DROP TABLE journeys;--");
    }

    @Test
    default void anEventWithOnlyTheRequiredFieldsShouldRoundTripWithItsEmptyOptionals() {
        MailEvent bare = MailEvent.builder(EXAMPLE, MailEventType.REJECTED, T0).build();

        testee().append(bare);

        List<MailEvent> listed = testee().list(MailEventQuery.of(EXAMPLE));
        assertThat(listed).containsExactly(bare);
        assertThat(listed.get(0).alias()).isEmpty();
        assertThat(listed.get(0).messageId()).isEmpty();
        assertThat(listed.get(0).mailId()).isEmpty();
        assertThat(listed.get(0).journeyId()).isEmpty();
        assertThat(listed.get(0).sender()).isEqualTo("<>");
        assertThat(listed.get(0).recipients()).isEmpty();
        assertThat(listed.get(0).smtpCode()).isEmpty();
        assertThat(listed.get(0).enhancedStatus()).isEmpty();
        assertThat(listed.get(0).detail()).isEmpty();
        assertThat(listed.get(0).subject()).isEmpty();
    }

    @Test
    default void eventsAtTheirSizeBoundsShouldRoundTripWhole() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < MailEvent.MAX_RECIPIENTS; i++) {
            recipients.add(String.format("%03d", i) + "x".repeat(MailEvent.MAX_ADDRESS_LENGTH - 3));
        }
        MailEvent big = event(EXAMPLE, MailEventType.FORWARDED, T0).toBuilder()
            .recipients(recipients)
            .detail("d".repeat(MailEvent.MAX_DETAIL_LENGTH))
            .messageId("m".repeat(MailEvent.MAX_ID_LENGTH))
            .subject("s".repeat(MailEvent.MAX_SUBJECT_LENGTH))
            .build();

        testee().append(big);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactly(big);
    }

    @Test
    default void anEventOfEveryTypeShouldBeKept() {
        List<MailEvent> appended = new ArrayList<>();
        for (MailEventType type : MailEventType.values()) {
            MailEvent event = event(EXAMPLE, type, T0.plusSeconds(type.ordinal()));
            appended.add(0, event);
            testee().append(event);
        }

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactlyElementsOf(appended);
    }

    @Test
    default void listShouldGiveTheNewestFirstWhateverTheOrderOfAppending() {
        MailEvent middle = event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(60));
        MailEvent oldest = event(EXAMPLE, MailEventType.RECEIVED, T0);
        MailEvent newest = event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(120));
        MailEvent justBeforeMiddle = event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(60).minusNanos(1));
        testee().append(middle);
        testee().append(oldest);
        testee().append(newest);
        testee().append(justBeforeMiddle);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactly(newest, middle, justBeforeMiddle, oldest);
    }

    @Test
    default void ofEventsAtOneInstantTheLaterAppendedShouldComeFirst() {
        MailEvent received = event(EXAMPLE, MailEventType.RECEIVED, T0);
        MailEvent forwarded = event(EXAMPLE, MailEventType.FORWARDED, T0);
        MailEvent delivered = event(EXAMPLE, MailEventType.DELIVERED, T0);
        testee().append(received);
        testee().append(forwarded);
        testee().append(delivered);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactly(delivered, forwarded, received);
    }

    @Test
    default void listShouldFilterByAlias() {
        MailEvent sales = aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0);
        MailEvent info = aliasEvent(EXAMPLE, "info", MailEventType.RECEIVED, T0.plusSeconds(1));
        MailEvent noAlias = event(EXAMPLE, MailEventType.REJECTED, T0.plusSeconds(2));
        MailEvent salesAgain = aliasEvent(EXAMPLE, "sales", MailEventType.FORWARDED, T0.plusSeconds(3));
        MailEvent salesElsewhere = aliasEvent(OTHER, "sales", MailEventType.RECEIVED, T0.plusSeconds(4));
        List.of(sales, info, noAlias, salesAgain, salesElsewhere).forEach(testee()::append);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withAlias(Optional.of(LocalPart.of("sales")))))
            .containsExactly(salesAgain, sales);
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withAlias(Optional.of(LocalPart.of("nobody"))))).isEmpty();
    }

    @Test
    default void listShouldFilterByType() {
        MailEvent received = aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0);
        MailEvent rejected = event(EXAMPLE, MailEventType.REJECTED, T0.plusSeconds(1));
        MailEvent forwarded = aliasEvent(EXAMPLE, "sales", MailEventType.FORWARDED, T0.plusSeconds(2));
        MailEvent rejectedAgain = aliasEvent(EXAMPLE, "info", MailEventType.REJECTED, T0.plusSeconds(3));
        List.of(received, rejected, forwarded, rejectedAgain).forEach(testee()::append);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withType(Optional.of(MailEventType.REJECTED))))
            .containsExactly(rejectedAgain, rejected);
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withType(Optional.of(MailEventType.LOOP)))).isEmpty();
    }

    @Test
    default void aliasAndTypeFiltersShouldCombine() {
        MailEvent salesReceived = aliasEvent(EXAMPLE, "sales", MailEventType.RECEIVED, T0);
        MailEvent salesForwarded = aliasEvent(EXAMPLE, "sales", MailEventType.FORWARDED, T0.plusSeconds(1));
        MailEvent infoForwarded = aliasEvent(EXAMPLE, "info", MailEventType.FORWARDED, T0.plusSeconds(2));
        List.of(salesReceived, salesForwarded, infoForwarded).forEach(testee()::append);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE)
            .withAlias(Optional.of(LocalPart.of("sales")))
            .withType(Optional.of(MailEventType.FORWARDED))))
            .containsExactly(salesForwarded);
    }

    @Test
    default void listShouldStopAtTheLimitKeepingTheNewest() {
        List<MailEvent> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            MailEvent event = event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(i));
            appended.add(event);
            testee().append(event);
        }

        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withLimit(3)))
            .containsExactly(appended.get(29), appended.get(28), appended.get(27));
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withLimit(1))).containsExactly(appended.get(29));
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withLimit(MailEventQuery.MAX_LIMIT))).hasSize(30);
    }

    @Test
    default void theDefaultLimitShouldBeAHundred() {
        for (int i = 0; i < 120; i++) {
            testee().append(event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(i)));
        }

        List<MailEvent> listed = testee().list(MailEventQuery.of(EXAMPLE));

        assertThat(listed).hasSize(MailEventQuery.DEFAULT_LIMIT);
        assertThat(listed.get(0).at()).isEqualTo(T0.plusSeconds(119));
        assertThat(listed.get(99).at()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    default void domainsShouldBeKeptApart() {
        MailEvent example = aliasEvent(EXAMPLE, "info", MailEventType.RECEIVED, T0);
        MailEvent other = aliasEvent(OTHER, "info", MailEventType.RECEIVED, T0.plusSeconds(1));
        testee().append(example);
        testee().append(other);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactly(example);
        assertThat(testee().list(MailEventQuery.of(OTHER))).containsExactly(other);
        assertThat(testee().list(MailEventQuery.of(DomainName.of("third.example")))).isEmpty();
    }

    @Test
    default void concurrentAppendsFromEightThreadsShouldAllBeKept() throws Exception {
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MailEvent> appended = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        MailEvent event = aliasEvent(EXAMPLE, "t" + thread, MailEventType.RECEIVED, T0.plusMillis(i));
                        testee().append(event);
                        appended.add(event);
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(unexpected).isEmpty();
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withLimit(MailEventQuery.MAX_LIMIT)))
            .hasSize(threads * perThread)
            .containsExactlyInAnyOrderElementsOf(appended);
        assertThat(testee().list(MailEventQuery.of(EXAMPLE).withAlias(Optional.of(LocalPart.of("t3"))).withLimit(MailEventQuery.MAX_LIMIT)))
            .hasSize(perThread);
    }

    static MailEvent journeyEvent(DomainName domain, String journey, MailEventType type, Instant at) {
        return event(domain, type, at).toBuilder().journeyId(journey).mailId(journey + "-copy").build();
    }

    @Test
    default void aJourneyShouldListItsEventsOldestFirstInTheOrderOfAppendingAtOneInstant() {
        MailEvent received = journeyEvent(EXAMPLE, "m1", MailEventType.RECEIVED, T0);
        MailEvent forwarded = journeyEvent(EXAMPLE, "m1", MailEventType.FORWARDED, T0);
        MailEvent delivered = journeyEvent(EXAMPLE, "m1", MailEventType.DELIVERED, T0.plusSeconds(2));
        MailEvent bounced = journeyEvent(EXAMPLE, "m1", MailEventType.BOUNCED, T0.plusSeconds(1));
        testee().append(received);
        testee().append(forwarded);
        testee().append(delivered);
        testee().append(bounced);
        testee().append(journeyEvent(EXAMPLE, "m2", MailEventType.RECEIVED, T0));
        testee().append(journeyEvent(OTHER, "m1", MailEventType.RECEIVED, T0));

        assertThat(testee().journey(EXAMPLE, "m1")).containsExactly(received, forwarded, bounced, delivered);
        assertThat(testee().journey(EXAMPLE, "unknown")).isEmpty();
    }

    @Test
    default void anEventWithoutAJourneyShouldBeItsMailsJourney() {
        MailEvent event = event(EXAMPLE, MailEventType.DELIVERED, T0).toBuilder().mailId("Mail-9").build();

        testee().append(event);

        assertThat(testee().journey(EXAMPLE, "Mail-9")).containsExactly(event);
    }

    @Test
    default void listShouldFilterByMessageIdJourneyAndTimeRange() {
        MailEvent early = journeyEvent(EXAMPLE, "m1", MailEventType.RECEIVED, T0).toBuilder().messageId("<a@x>").build();
        MailEvent middle = journeyEvent(EXAMPLE, "m2", MailEventType.RECEIVED, T0.plusSeconds(10)).toBuilder().messageId("<b@x>").build();
        MailEvent late = journeyEvent(EXAMPLE, "m2", MailEventType.DELIVERED, T0.plusSeconds(20)).toBuilder().messageId("<b@x>").build();
        testee().append(early);
        testee().append(middle);
        testee().append(late);

        MailEventQuery all = MailEventQuery.of(EXAMPLE);
        assertThat(testee().list(all.withMessageId(Optional.of("<b@x>")))).containsExactly(late, middle);
        assertThat(testee().list(all.withJourneyId(Optional.of("m1")))).containsExactly(early);
        assertThat(testee().list(all.withSince(Optional.of(T0.plusSeconds(10))).withUntil(Optional.of(T0.plusSeconds(20)))))
            .containsExactly(middle);
    }

    @Test
    default void forEachShouldHandOverEveryMatchingEventOldestFirstBeyondAnyLimit() {
        List<MailEvent> expected = new ArrayList<>();
        for (int i = 0; i < MailEventQuery.MAX_LIMIT + 5; i++) {
            MailEvent event = journeyEvent(EXAMPLE, "m" + i, MailEventType.RECEIVED, T0.plusSeconds(i));
            testee().append(event);
            expected.add(event);
        }
        testee().append(journeyEvent(EXAMPLE, "x", MailEventType.DELIVERED, T0));
        testee().append(journeyEvent(OTHER, "y", MailEventType.RECEIVED, T0));
        List<MailEvent> handed = new ArrayList<>();

        testee().forEach(MailEventQuery.of(EXAMPLE).withType(Optional.of(MailEventType.RECEIVED)), handed::add);

        assertThat(handed).containsExactlyElementsOf(expected);
    }

    @Test
    default void purgeShouldDeleteOnlyTheDomainsEventsOlderThanTheInstant() {
        MailEvent old = event(EXAMPLE, MailEventType.RECEIVED, T0);
        MailEvent kept = event(EXAMPLE, MailEventType.RECEIVED, T0.plusSeconds(10));
        MailEvent otherDomain = event(OTHER, MailEventType.RECEIVED, T0);
        testee().append(old);
        testee().append(kept);
        testee().append(otherDomain);

        assertThat(testee().purge(EXAMPLE, T0.plusSeconds(10))).isEqualTo(1);

        assertThat(testee().list(MailEventQuery.of(EXAMPLE))).containsExactly(kept);
        assertThat(testee().list(MailEventQuery.of(OTHER))).containsExactly(otherDomain);
    }
}
