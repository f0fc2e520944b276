package io.smtpy.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smtpy.bounces.BounceClass;
import io.smtpy.bounces.FeedbackType;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.store.AlreadyExistsException;

/** What every {@link SuppressionRepository} backend must do; run on memory, embedded SQLite and Cassandra. */
public interface SuppressionRepositoryContract {
    DomainName DOMAIN = DomainName.of("example.com");
    DomainName OTHER_DOMAIN = DomainName.of("other.example");
    LocalPart SALES = LocalPart.of("sales");
    LocalPart SUPPORT = LocalPart.of("support");
    Destination DEAD = Destination.of("dead@dest.example");
    Destination ALIVE = Destination.of("alive@dest.example");
    Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    SuppressionRepository testee();

    static Suppression suppression(DomainName domain, LocalPart alias, Destination destination, Instant since, Duration length) {
        return new Suppression(SuppressionId.random(), domain, alias, destination, "550 5.1.1 no such user",
            SuppressionCause.bounce(BounceClass.NO_SUCH_USER), since, since.plus(length), Optional.of("journey-1"));
    }

    @Test
    default void addedSuppressionShouldBeFoundAsItWasWritten() {
        Suppression suppression = new Suppression(SuppressionId.random(), DOMAIN, SALES, DEAD, "complained",
            SuppressionCause.complaint(FeedbackType.ABUSE), NOW, NOW.plus(Duration.ofDays(30)).plusNanos(123_456_789),
            Optional.empty());
        testee().add(suppression);

        assertThat(testee().find(DOMAIN, suppression.id())).contains(suppression);
    }

    @Test
    default void suppressionShouldNotBeFoundThroughAnotherDomain() {
        Suppression suppression = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        testee().add(suppression);

        assertThat(testee().find(OTHER_DOMAIN, suppression.id())).isEmpty();
        assertThat(testee().remove(OTHER_DOMAIN, suppression.id())).isFalse();
        assertThat(testee().find(DOMAIN, suppression.id())).isPresent();
    }

    @Test
    default void addingTheSameIdTwiceShouldFail() {
        Suppression suppression = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        testee().add(suppression);

        assertThatThrownBy(() -> testee().add(suppression)).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    default void activeShouldFindTheSuppressionOfThatAliasAndDestinationWhateverTheCase() {
        Suppression suppression = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        testee().add(suppression);

        assertThat(testee().active(DOMAIN, SALES, Destination.of("DEAD@Dest.Example"), NOW.plusSeconds(60))).contains(suppression);
        assertThat(testee().active(DOMAIN, SUPPORT, DEAD, NOW.plusSeconds(60))).isEmpty();
        assertThat(testee().active(DOMAIN, SALES, ALIVE, NOW.plusSeconds(60))).isEmpty();
        assertThat(testee().active(OTHER_DOMAIN, SALES, DEAD, NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    default void activeShouldIgnoreASuppressionOnceItsTimeIsUp() {
        testee().add(suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1)));

        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW.plus(Duration.ofDays(1)).minusNanos(1))).isPresent();
        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void activeShouldAnswerTheSuppressionEndingLast() {
        testee().add(suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1)));
        Suppression longer = suppression(DOMAIN, SALES, DEAD, NOW.plusSeconds(1), Duration.ofDays(7));
        testee().add(longer);

        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW.plusSeconds(5))).contains(longer);
    }

    @Test
    default void removedSuppressionShouldBeGone() {
        Suppression suppression = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        testee().add(suppression);

        assertThat(testee().remove(DOMAIN, suppression.id())).isTrue();
        assertThat(testee().remove(DOMAIN, suppression.id())).isFalse();
        assertThat(testee().find(DOMAIN, suppression.id())).isEmpty();
        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW)).isEmpty();
    }

    @Test
    default void removingOneOfTwoSuppressionsOfADestinationShouldLeaveTheOtherInForce() {
        Suppression first = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(1));
        Suppression second = suppression(DOMAIN, SALES, Destination.of("Dead@Dest.Example"), NOW, Duration.ofDays(2));
        testee().add(first);
        testee().add(second);

        testee().remove(DOMAIN, second.id());

        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW.plusSeconds(1))).contains(first);
        testee().remove(DOMAIN, first.id());
        assertThat(testee().active(DOMAIN, SALES, DEAD, NOW.plusSeconds(1))).isEmpty();
    }

    @Test
    default void listShouldShowTheDomainsSuppressionsInForceNewestFirst() {
        Suppression older = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(10));
        Suppression newer = suppression(DOMAIN, SUPPORT, ALIVE, NOW.plusSeconds(10), Duration.ofDays(10));
        Suppression ended = suppression(DOMAIN, SALES, ALIVE, NOW.minus(Duration.ofDays(3)), Duration.ofDays(1));
        testee().add(older);
        testee().add(newer);
        testee().add(ended);
        testee().add(suppression(OTHER_DOMAIN, SALES, DEAD, NOW, Duration.ofDays(10)));

        SuppressionPage page = testee().list(SuppressionQuery.of(DOMAIN, NOW.plusSeconds(60)));

        assertThat(page.items()).containsExactly(newer, older);
        assertThat(page.next()).isEmpty();
    }

    @Test
    default void inForceShouldAnswerTheDomainsSuppressionsInForceUpToTheLimit() {
        Suppression older = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(10));
        Suppression newer = suppression(DOMAIN, SUPPORT, ALIVE, NOW.plusSeconds(10), Duration.ofDays(10));
        testee().add(older);
        testee().add(newer);
        testee().add(suppression(DOMAIN, SALES, ALIVE, NOW.minus(Duration.ofDays(3)), Duration.ofDays(1)));
        testee().add(suppression(OTHER_DOMAIN, SALES, DEAD, NOW, Duration.ofDays(10)));

        assertThat(testee().inForce(DOMAIN, NOW.plusSeconds(60), 10)).containsExactly(newer, older);
        assertThat(testee().inForce(DOMAIN, NOW.plusSeconds(60), 1)).containsExactly(newer);
        assertThat(testee().inForce(DomainName.of("none.example"), NOW, 10)).isEmpty();
    }

    @Test
    default void listShouldFilterByAliasAndDestination() {
        Suppression salesDead = suppression(DOMAIN, SALES, DEAD, NOW, Duration.ofDays(10));
        Suppression salesAlive = suppression(DOMAIN, SALES, ALIVE, NOW, Duration.ofDays(10));
        Suppression supportDead = suppression(DOMAIN, SUPPORT, DEAD, NOW, Duration.ofDays(10));
        testee().add(salesDead);
        testee().add(salesAlive);
        testee().add(supportDead);

        assertThat(testee().list(SuppressionQuery.of(DOMAIN, NOW).alias(Optional.of(SALES))).items())
            .containsExactlyInAnyOrder(salesDead, salesAlive);
        assertThat(testee().list(SuppressionQuery.of(DOMAIN, NOW).destination(Optional.of(Destination.of("Dead@dest.example")))).items())
            .containsExactlyInAnyOrder(salesDead, supportDead);
        assertThat(testee().list(SuppressionQuery.of(DOMAIN, NOW).alias(Optional.of(SUPPORT)).destination(Optional.of(DEAD))).items())
            .containsExactly(supportDead);
    }

    @Test
    default void pagesShouldFollowEachOtherWithoutGapOrRepeat() {
        List<Suppression> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two per second: ties on the start are broken by id.
            Suppression suppression = suppression(DOMAIN, SALES, Destination.of("d" + i + "@dest.example"),
                NOW.plusSeconds(i / 2), Duration.ofDays(1));
            testee().add(suppression);
            all.add(suppression);
        }
        all.sort(SuppressionCursor.ORDER);

        List<Suppression> seen = new ArrayList<>();
        Optional<SuppressionCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            SuppressionPage page = testee().list(SuppressionQuery.of(DOMAIN, NOW).after(cursor).limit(3));
            seen.addAll(page.items());
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 10);

        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    default void endedShouldAnswerOnlySuppressionsWhoseTimeIsUp() {
        Suppression ended = suppression(DOMAIN, SALES, DEAD, NOW.minus(Duration.ofDays(2)), Duration.ofDays(1));
        Suppression endsNow = suppression(OTHER_DOMAIN, SALES, DEAD, NOW.minus(Duration.ofDays(1)), Duration.ofDays(1));
        testee().add(ended);
        testee().add(endsNow);
        testee().add(suppression(DOMAIN, SUPPORT, DEAD, NOW, Duration.ofDays(1)));

        assertThat(testee().ended(NOW, 10)).containsExactlyInAnyOrder(ended, endsNow);
        assertThat(testee().ended(NOW, 1)).hasSize(1);
    }
}
