package io.smtpy.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smtpy.core.cluster.TwoNodes;
import io.smtpy.core.events.MailEvents;
import io.smtpy.core.events.MemoryMailEventRepository;
import io.smtpy.core.model.Destination;
import io.smtpy.core.model.DomainName;
import io.smtpy.core.model.LocalPart;
import io.smtpy.core.testing.MovableClock;

/**
 * {@link Suppressions} answering the mail path from memory: how often the store is read, and how a change made through
 * one node reaches another's memory through the change feed.
 */
class SuppressionsInMemoryTest {
    private static final DomainName DOMAIN = DomainName.of("example.com");
    private static final LocalPart SALES = LocalPart.of("sales");
    private static final Destination DEAD = Destination.of("dead@dest.example");
    private static final Destination ALIVE = Destination.of("alive@dest.example");

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingRepository store = new CountingRepository();
    private final Suppressions suppressions = node();

    /** A node's suppressions over the one store. */
    private Suppressions node() {
        return new Suppressions(store, new MailEvents(new MemoryMailEventRepository()), clock, SuppressionSettings.ofDays(30));
    }

    @Test
    void theMailPathShouldReadADomainFromTheStoreOnceThenAnswerFromMemory() {
        Suppression suppression = suppressions.suppress(DOMAIN, SALES, DEAD, Optional.empty(), Optional.empty());
        store.reads.set(0);

        for (int copy = 0; copy < 100; copy++) {
            assertThat(suppressions.active(DOMAIN, SALES, DEAD)).contains(suppression);
            assertThat(suppressions.active(DOMAIN, SALES, ALIVE)).isEmpty();
            assertThat(suppressions.active(DOMAIN, LocalPart.of("support"), DEAD)).isEmpty();
        }

        assertThat(store.reads).hasValue(1);
    }

    @Test
    void aDeliveryWithNothingToLiftShouldNeitherReadNorWriteTheStore() {
        suppressions.active(DOMAIN, SALES, ALIVE);
        store.reads.set(0);

        for (int copy = 0; copy < 100; copy++) {
            suppressions.delivered(DOMAIN, SALES, ALIVE, Optional.empty());
        }

        assertThat(store.reads).hasValue(0);
        assertThat(store.writes).hasValue(0);
    }

    @Test
    void destinationsShouldCompareWithoutCaseInMemoryAsInTheStore() {
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.empty(), Optional.empty());

        assertThat(suppressions.active(DOMAIN, SALES, Destination.of("Dead@Dest.Example"))).isPresent();
    }

    @Test
    void aSuppressionHeldInMemoryShouldEndAtItsEndBeforeTheSweepRemovesIt() {
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(1), Optional.empty());
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isPresent();

        clock.moveBy(Duration.ofDays(1));

        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
    }

    @Test
    void theSuppressionEndingLastShouldBeTheOneInForceInMemoryAsInTheStore() {
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(1), Optional.of("short"));
        Suppression longer = suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(5), Optional.of("longer"));
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(2), Optional.of("middle"));

        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).contains(longer);
        assertThat(suppressions.active(DOMAIN, SALES, DEAD))
            .isEqualTo(store.active(DOMAIN, SALES, DEAD, clock.instant()));
    }

    @Test
    void aSuppressionMadeOrLiftedThroughOneNodeShouldReachTheOtherOnceItFollowsTheFeed() {
        Suppressions nodeB = node();
        TwoNodes cluster = TwoNodes.of(suppressions.sharedIndex(), nodeB.sharedIndex());
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isEmpty();

        Suppression suppression = suppressions.suppress(DOMAIN, SALES, DEAD, Optional.empty(), Optional.empty());
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).contains(suppression);
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isEmpty();
        cluster.follow();
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).contains(suppression);

        suppressions.lift(DOMAIN, suppression.id());
        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        cluster.follow();
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isEmpty();
    }

    @Test
    void aDeliveryThroughOneNodeShouldLiftTheSuppressionForTheOther() {
        Suppressions nodeB = node();
        TwoNodes cluster = TwoNodes.of(suppressions.sharedIndex(), nodeB.sharedIndex());
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.empty(), Optional.empty());
        cluster.follow();
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isPresent();

        nodeB.delivered(DOMAIN, SALES, DEAD, Optional.empty());
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isEmpty();
        cluster.follow();

        assertThat(suppressions.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(store.active(DOMAIN, SALES, DEAD, clock.instant())).isEmpty();
    }

    @Test
    void theSweepThroughOneNodeShouldLetTheOtherForgetWhatEnded() {
        Suppressions nodeB = node();
        TwoNodes cluster = TwoNodes.of(suppressions.sharedIndex(), nodeB.sharedIndex());
        suppressions.suppress(DOMAIN, SALES, DEAD, Optional.of(1), Optional.empty());
        cluster.follow();
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isPresent();
        clock.moveBy(Duration.ofDays(1));

        assertThat(suppressions.expire()).isEqualTo(1);
        store.reads.set(0);
        cluster.follow();

        assertThat(store.reads).as("B read the domain again").hasValue(1);
        assertThat(nodeB.active(DOMAIN, SALES, DEAD)).isEmpty();
        assertThat(store.reads).hasValue(1);
    }

    @Test
    void aDomainWithMoreSuppressionsThanAreHeldShouldBeAnsweredByTheStore() {
        Suppressions small = new Suppressions(store, new MailEvents(new MemoryMailEventRepository()), clock,
            SuppressionSettings.ofDays(30), 2);
        for (int i = 0; i < 3; i++) {
            small.suppress(DOMAIN, SALES, Destination.of("dead" + i + "@dest.example"), Optional.empty(), Optional.empty());
        }
        small.active(DOMAIN, SALES, ALIVE);
        store.reads.set(0);

        assertThat(small.active(DOMAIN, SALES, Destination.of("dead2@dest.example"))).isPresent();
        assertThat(small.active(DOMAIN, SALES, ALIVE)).isEmpty();
        assertThat(store.reads).as("one store lookup per question").hasValue(2);
    }

    /** The memory store, counting what the mail path costs it. */
    private static final class CountingRepository extends MemorySuppressionRepository {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public Optional<Suppression> active(DomainName domain, LocalPart alias, Destination destination, Instant now) {
            reads.incrementAndGet();
            return super.active(domain, alias, destination, now);
        }

        @Override
        public List<Suppression> inForce(DomainName domain, Instant now, int limit) {
            reads.incrementAndGet();
            return super.inForce(domain, now, limit);
        }

        @Override
        public void add(Suppression suppression) {
            writes.incrementAndGet();
            super.add(suppression);
        }

        @Override
        public boolean remove(DomainName domain, SuppressionId id) {
            writes.incrementAndGet();
            return super.remove(domain, id);
        }
    }
}
