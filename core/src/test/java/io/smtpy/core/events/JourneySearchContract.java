package io.smtpy.core.events;

import static io.smtpy.core.events.MailEventRepositoryContract.EXAMPLE;
import static io.smtpy.core.events.MailEventRepositoryContract.OTHER;
import static io.smtpy.core.events.MailEventRepositoryContract.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.EventPrivacy;
import io.smtpy.core.model.LocalPart;

/**
 * What every {@link MailEventRepository} must do with journeys: sum them up as their events arrive and find them by
 * every filter of {@link JourneyQuery}, in pages. A backend test implements this interface next to
 * {@link MailEventRepositoryContract}.
 */
public interface JourneySearchContract {
    MailEventRepository testee();

    /** The mail as smtpy received it from ann, for the alias team. */
    static MailEvent received(String journey, Instant at) {
        return MailEvent.builder(EXAMPLE, MailEventType.RECEIVED, at)
            .journeyId(journey).mailId(journey)
            .alias(LocalPart.of("team"))
            .messageId("<" + journey + "@sender.example>")
            .sender("Ann@Sender.example")
            .recipients(List.of("team@example.com"))
            .subject("Invoice " + journey + " for March")
            .build();
    }

    /** An event of one of the journey's copies (SRS sender, a destination). */
    static MailEvent copy(String journey, MailEventType type, Instant at, String destination, String detail) {
        return MailEvent.builder(EXAMPLE, type, at)
            .journeyId(journey).mailId(journey + "-copy")
            .alias(LocalPart.of("team"))
            .messageId("<" + journey + "@sender.example>")
            .sender("SRS0=abcd=ZZ=sender.example=ann@example.com")
            .recipients(List.of(destination))
            .detail(detail)
            .build();
    }

    /** The same event, for another domain. */
    static MailEvent inDomain(MailEvent event, DomainName domain) {
        return MailEvent.builder(domain, event.type(), event.at()).journeyId(event.journeyId()).mailId(event.mailId())
            .alias(event.alias()).messageId(event.messageId()).sender(event.sender()).recipients(event.recipients())
            .detail(event.detail()).subject(event.subject()).build();
    }

    static List<String> ids(List<JourneySummary> journeys) {
        return journeys.stream().map(JourneySummary::id).collect(Collectors.toList());
    }

    default List<String> found(JourneyQuery query) {
        return ids(testee().journeys(query));
    }

    @Test
    default void aSummaryShouldSumUpTheJourneyFromTheArrivalToTheLatestOutcome() {
        testee().append(received("m1", T0));
        testee().append(received("m1", T0).toBuilder().recipients(List.of("sales@example.com")).build());
        testee().append(copy("m1", MailEventType.FORWARDED, T0.plusSeconds(1), "jane@dest.example", "forwarded"));
        testee().append(copy("m1", MailEventType.BOUNCED, T0.plusSeconds(3), "bob@dest.example",
            "550 5.1.1 <bob@dest.example> mx1.dest.example said: user unknown (no-such-user, permanent)"));
        testee().append(copy("m1", MailEventType.DELIVERED, T0.plusSeconds(2), "jane@dest.example", "accepted by dest.example"));

        List<JourneySummary> journeys = testee().journeys(JourneyQuery.of(EXAMPLE));

        assertThat(journeys).hasSize(1);
        JourneySummary journey = journeys.get(0);
        assertThat(journey.id()).isEqualTo("m1");
        assertThat(journey.firstAt()).isEqualTo(T0);
        assertThat(journey.lastAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(journey.status()).isEqualTo(MailEventType.BOUNCED);
        assertThat(journey.messageId()).contains("<m1@sender.example>");
        assertThat(journey.subject()).contains("Invoice m1 for March");
        assertThat(journey.sender()).isEqualTo("Ann@Sender.example");
        assertThat(journey.recipients()).containsExactly("team@example.com", "sales@example.com");
        assertThat(journey.terms(JourneyTerm.REMOTE_MTA)).containsExactlyInAnyOrder("mx1.dest.example", "dest.example");
        assertThat(journey.reasons()).contains("user unknown (no-such-user, permanent)");
    }

    @Test
    default void aSummaryShouldFollowEventsWrittenLaterAndAStartThatMovesEarlier() {
        testee().append(received("m1", T0.plusSeconds(10)));
        assertThat(testee().journeys(JourneyQuery.of(EXAMPLE)).get(0).status()).isEqualTo(MailEventType.RECEIVED);

        testee().append(copy("m1", MailEventType.DELIVERED, T0.plusSeconds(20), "jane@dest.example", "accepted by dest.example"));
        testee().append(copy("m1", MailEventType.REJECTED, T0, "jane@dest.example", "rule 'early' of team@example.com"));

        JourneySummary journey = testee().journeys(JourneyQuery.of(EXAMPLE).withRule(Optional.of("EARLY"))).get(0);
        assertThat(journey.status()).isEqualTo(MailEventType.DELIVERED);
        assertThat(journey.firstAt()).isEqualTo(T0);
        assertThat(journey.lastAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(found(JourneyQuery.of(EXAMPLE).withRemoteMta(Optional.of("dest.example")).withUntil(Optional.of(T0.plusSeconds(1)))))
            .containsExactly("m1");
    }

    @Test
    default void journeysShouldComeNewestStartFirstInPagesThatLaterJourneysDoNotMove() {
        for (int i = 0; i < 5; i++) {
            testee().append(received("m" + i, T0.plusSeconds(i)));
            testee().append(copy("m" + i, MailEventType.DELIVERED, T0.plusSeconds(100 + i), "jane@dest.example", "accepted"));
        }
        JourneyQuery pageOfTwo = JourneyQuery.of(EXAMPLE).withLimit(2);

        List<JourneySummary> first = testee().journeys(pageOfTwo);
        testee().append(received("m9", T0.plusSeconds(50)));
        List<JourneySummary> second = testee().journeys(pageOfTwo.withAfter(Optional.of(first.get(1).start())));

        assertThat(first).extracting(JourneySummary::start)
            .containsExactly(new JourneyStart("m4", T0.plusSeconds(4)), new JourneyStart("m3", T0.plusSeconds(3)));
        assertThat(second).extracting(JourneySummary::start)
            .containsExactly(new JourneyStart("m2", T0.plusSeconds(2)), new JourneyStart("m1", T0.plusSeconds(1)));
    }

    @Test
    default void journeysOfOneInstantShouldBeOrderedByIdAcrossPages() {
        testee().append(received("a", T0));
        testee().append(received("c", T0));
        testee().append(received("b", T0));
        JourneyQuery pageOfOne = JourneyQuery.of(EXAMPLE).withLimit(1);

        List<String> seen = new ArrayList<>();
        Optional<JourneyStart> after = Optional.empty();
        for (int page = 0; page < 4; page++) {
            List<JourneySummary> journeys = testee().journeys(pageOfOne.withAfter(after));
            if (journeys.isEmpty()) {
                break;
            }
            seen.add(journeys.get(0).id());
            after = Optional.of(journeys.get(0).start());
        }

        assertThat(seen).containsExactly("c", "b", "a");
    }

    @Test
    default void statusShouldBeTheTypeOfTheLatestEventAndAliasAnyEventsAlias() {
        testee().append(received("bounced", T0));
        testee().append(copy("bounced", MailEventType.BOUNCED, T0.plusSeconds(5), "bob@dest.example", "550 no")
            .toBuilder().alias(LocalPart.of("sales")).build());
        testee().append(received("delivered", T0.plusSeconds(1)));
        testee().append(copy("delivered", MailEventType.BOUNCED, T0.plusSeconds(2), "bob@dest.example", "550 no"));
        testee().append(copy("delivered", MailEventType.DELIVERED, T0.plusSeconds(3), "jane@dest.example", "accepted"));
        testee().append(inDomain(received("other", T0), OTHER));
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withStatus(Optional.of(MailEventType.BOUNCED)))).containsExactly("bounced");
        assertThat(found(all.withStatus(Optional.of(MailEventType.DELIVERED)))).containsExactly("delivered");
        assertThat(testee().journeys(all.withAlias(Optional.of(LocalPart.of("sales")))))
            .extracting(JourneySummary::start).containsExactly(new JourneyStart("bounced", T0));
        assertThat(found(all)).containsExactly("delivered", "bounced");
    }

    @Test
    default void senderRecipientAndMessageIdShouldMatchAnyEventWithoutRegardToTheCaseOfAddresses() {
        testee().append(received("from-ann", T0));
        testee().append(copy("from-ann", MailEventType.FORWARDED, T0.plusSeconds(1), "Jane@Dest.example", "forwarded"));
        testee().append(received("from-bob", T0.plusSeconds(2)).toBuilder().sender("bob@elsewhere.example")
            .messageId("<other@elsewhere.example>").build());
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withSender(Optional.of("ann@sender.EXAMPLE")))).containsExactly("from-ann");
        assertThat(found(all.withSender(Optional.of("SRS0=abcd=ZZ=sender.example=ann@example.com")))).containsExactly("from-ann");
        assertThat(found(all.withSender(Optional.of("ann@sender")))).isEmpty();
        assertThat(found(all.withRecipient(Optional.of("jane@dest.example")))).containsExactly("from-ann");
        assertThat(found(all.withRecipient(Optional.of("team@example.com")))).containsExactly("from-bob", "from-ann");
        assertThat(found(all.withMessageId(Optional.of("<other@elsewhere.example>")))).containsExactly("from-bob");
        assertThat(found(all.withMessageId(Optional.of("<OTHER@elsewhere.example>")))).isEmpty();
    }

    @Test
    default void reasonRuleAndRemoteMtaShouldMatchTheDetailsOfTheJourneysEvents() {
        testee().append(received("refused", T0));
        testee().append(copy("refused", MailEventType.BOUNCED, T0.plusSeconds(1), "bob@dest.example",
            "550 5.7.1 <bob@gmail.example> Message rejected by MX7.Gmail.example: Policy Block (spam-or-policy, permanent)"));
        testee().append(received("held", T0.plusSeconds(2)));
        testee().append(copy("held", MailEventType.QUARANTINED, T0.plusSeconds(2), "team@example.com",
            "quarantined by rule 'Invoices' of team@example.com"));
        testee().append(received("ok", T0.plusSeconds(3)));
        testee().append(copy("ok", MailEventType.DELIVERED, T0.plusSeconds(4), "jane@dest.example", "accepted by dest.example"));
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withReason(Optional.of("POLICY BLOCK")))).containsExactly("refused");
        assertThat(found(all.withReason(Optional.of("50%_")))).isEmpty();
        // A delivery's "accepted by" is a routine step, not a reason.
        assertThat(found(all.withReason(Optional.of("accepted by")))).isEmpty();
        assertThat(found(all.withRule(Optional.of("invoices")))).containsExactly("held");
        assertThat(found(all.withRule(Optional.of("invoice")))).isEmpty();
        assertThat(found(all.withRemoteMta(Optional.of("mx7.gmail.example")))).containsExactly("refused");
        assertThat(found(all.withRemoteMta(Optional.of("gmail.example")))).as("the domain of an address is no MTA").isEmpty();
        assertThat(found(all.withRemoteMta(Optional.of("dest.example")))).containsExactly("ok");
        assertThat(found(all.withRemoteMta(Optional.of("example.com")))).as("only delivery outcomes name MTAs").isEmpty();
    }

    @Test
    default void subjectTextShouldBeFoundAnywhereInTheSubjectWithoutRegardToCase() {
        testee().append(received("march", T0));
        testee().append(received("april", T0.plusSeconds(1)).toBuilder().subject("Réunion d'AVRIL").build());
        testee().append(received("none", T0.plusSeconds(2)).toBuilder().subject(Optional.empty()).build());
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withSubjectText(Optional.of("for MARCH")))).containsExactly("march");
        assertThat(found(all.withSubjectText(Optional.of("réunion d'avril")))).containsExactly("april");
        assertThat(found(all.withSubjectText(Optional.of("invoice")))).containsExactly("march");
        assertThat(found(all.withSubjectText(Optional.of("%")))).isEmpty();
    }

    @Test
    default void aHashedSubjectShouldBeFoundOnlyByExactlyItsText() {
        EventPrivacy hashed = EventPrivacy.HASHED;
        testee().append(received("secret", T0).toBuilder().subject(hashed.subject("Salary review 2026"))
            .sender(hashed.address("ann@sender.example")).build());
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withSubjectText(Optional.of("Salary review 2026")).keptAs(hashed))).containsExactly("secret");
        assertThat(found(all.withSubjectText(Optional.of("Salary review")).keptAs(hashed))).isEmpty();
        assertThat(found(all.withSubjectText(Optional.of("salary review 2026")).keptAs(hashed))).isEmpty();
        assertThat(found(all.withSubjectText(Optional.of("Salary review 2026")))).as("the text itself is not kept").isEmpty();
        assertThat(found(all.withSender(Optional.of("Ann@sender.example")).keptAs(hashed))).containsExactly("secret");
    }

    @Test
    default void underNoneASearchForWhatWasNotKeptShouldFindNothing() {
        EventPrivacy none = EventPrivacy.NONE;
        testee().append(received("private", T0).toBuilder().subject(none.subject("Salary review"))
            .sender(none.address("ann@sender.example")).recipients(List.of(none.address("team@example.com"))).build());
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.keptAs(none))).containsExactly("private");
        assertThat(testee().journeys(all).get(0).subject()).isEmpty();
        assertThat(found(all.withSender(Optional.of(EventPrivacy.NOT_KEPT)).keptAs(none))).isEmpty();
        assertThat(found(all.withRecipient(Optional.of("team@example.com")).keptAs(none))).isEmpty();
        assertThat(found(all.withSubjectText(Optional.of("Salary")).keptAs(none))).isEmpty();
    }

    @Test
    default void timeRangeShouldSelectJourneysByTheirStart() {
        testee().append(received("early", T0));
        testee().append(copy("early", MailEventType.DELIVERED, T0.plusSeconds(30), "jane@dest.example", "accepted"));
        testee().append(received("middle", T0.plusSeconds(10)));
        testee().append(received("late", T0.plusSeconds(20)));
        JourneyQuery all = JourneyQuery.of(EXAMPLE);

        assertThat(found(all.withSince(Optional.of(T0.plusSeconds(10))).withUntil(Optional.of(T0.plusSeconds(20)))))
            .containsExactly("middle");
        assertThat(found(all.withSince(Optional.of(T0.plusSeconds(10))))).containsExactly("late", "middle");
        assertThat(found(all.withUntil(Optional.of(T0.plusSeconds(10))))).containsExactly("early");
    }

    @Test
    default void filtersShouldCombineAndPagesOfAFilteredListShouldHoldEachMatchOnce() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = String.format("j%02d", i);
            boolean wanted = i % 3 == 0;
            testee().append(received(id, T0.plusSeconds(i / 2)).toBuilder()
                .sender(wanted ? "ann@sender.example" : "bob@sender.example").build());
            testee().append(copy(id, i % 2 == 0 ? MailEventType.DEFERRED : MailEventType.DELIVERED, T0.plusSeconds(60 + i),
                "jane@dest.example", "451 4.7.1 greylisted by mx.dest.example, try again"));
            if (wanted && i % 2 == 0) {
                expected.add(0, id);
            }
        }
        testee().append(inDomain(received("elsewhere", T0).toBuilder().sender("ann@sender.example").build(), OTHER));
        JourneyQuery query = JourneyQuery.of(EXAMPLE).withSender(Optional.of("ann@sender.example"))
            .withStatus(Optional.of(MailEventType.DEFERRED)).withRemoteMta(Optional.of("mx.dest.example"))
            .withReason(Optional.of("greylisted")).withSubjectText(Optional.of("march")).withLimit(1);

        List<String> seen = new ArrayList<>();
        Optional<JourneyStart> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<JourneySummary> journeys = testee().journeys(query.withAfter(after));
            if (journeys.isEmpty()) {
                break;
            }
            seen.addAll(ids(journeys));
            after = Optional.of(journeys.get(journeys.size() - 1).start());
        }

        assertThat(expected).containsExactly("j06", "j00");
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    default void purgeShouldDropTheJourneysItEmptiedAndSumUpAgainThoseItCut() {
        testee().append(received("gone", T0));
        testee().append(copy("gone", MailEventType.DELIVERED, T0.plusSeconds(5), "jane@dest.example", "accepted"));
        testee().append(received("cut", T0.plusSeconds(8)));
        testee().append(copy("cut", MailEventType.DEFERRED, T0.plusSeconds(9), "jane@dest.example", "451 try later"));
        testee().append(copy("cut", MailEventType.DELIVERED, T0.plusSeconds(20), "jane@dest.example", "accepted by dest.example"));
        testee().append(received("kept", T0.plusSeconds(30)));

        testee().purge(EXAMPLE, T0.plusSeconds(10));

        List<JourneySummary> journeys = testee().journeys(JourneyQuery.of(EXAMPLE));
        assertThat(ids(journeys)).containsExactly("kept", "cut");
        JourneySummary cut = journeys.get(1);
        assertThat(cut.firstAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(cut.messageId()).contains("<cut@sender.example>");
        assertThat(found(JourneyQuery.of(EXAMPLE).withReason(Optional.of("try later")))).isEmpty();
        assertThat(found(JourneyQuery.of(EXAMPLE).withSince(Optional.of(T0.plusSeconds(20))))).containsExactly("kept", "cut");
    }

    @Test
    default void journeysOfDomainsShouldBeKeptApart() {
        testee().append(received("m1", T0));
        testee().append(inDomain(received("m1", T0.plusSeconds(1)).toBuilder().sender("carl@sender.example").build(), OTHER));

        assertThat(testee().journeys(JourneyQuery.of(EXAMPLE)).get(0).sender()).isEqualTo("Ann@Sender.example");
        assertThat(found(JourneyQuery.of(OTHER).withSender(Optional.of("ann@sender.example")))).isEmpty();
        assertThat(found(JourneyQuery.of(DomainName.of("third.example")))).isEmpty();
    }
}
