package io.smtpy.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

class EventFeedTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final DomainName OTHER = DomainName.of("other.example");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static MailEvent event(DomainName domain, MailEventType type, int second) {
        return MailEvent.builder(domain, type, T0.plusSeconds(second)).build();
    }

    @Test
    void aSubscriptionShouldSeeItsDomainsEventsThatPassItsFilterInOrder() throws Exception {
        EventFeed feed = new EventFeed();
        try (EventFeed.Subscription subscription = feed.subscribe(EXAMPLE, event -> event.type() != MailEventType.DELIVERED)) {
            feed.onEvent(event(EXAMPLE, MailEventType.RECEIVED, 1));
            feed.onEvent(event(OTHER, MailEventType.RECEIVED, 2));
            feed.onEvent(event(EXAMPLE, MailEventType.DELIVERED, 3));
            feed.onEvent(event(EXAMPLE, MailEventType.BOUNCED, 4));

            assertThat(subscription.next(0).map(MailEvent::type)).contains(MailEventType.RECEIVED);
            assertThat(subscription.next(0).map(MailEvent::at)).contains(T0.plusSeconds(4));
            assertThat(subscription.next(10)).isEmpty();
        }
        assertThat(feed.subscriptions()).isZero();
    }

    @Test
    void aSlowWatcherShouldLoseTheOldestEventsAndKnowHowMany() throws Exception {
        EventFeed feed = new EventFeed();
        EventFeed.Subscription subscription = feed.subscribe(EXAMPLE, event -> true);
        for (int i = 0; i < EventFeed.QUEUE_SIZE + 5; i++) {
            feed.onEvent(event(EXAMPLE, MailEventType.RECEIVED, i));
        }

        List<MailEvent> seen = new ArrayList<>();
        for (java.util.Optional<MailEvent> next = subscription.next(0); next.isPresent(); next = subscription.next(0)) {
            seen.add(next.get());
        }

        assertThat(subscription.missed()).isEqualTo(5);
        assertThat(seen).hasSize(EventFeed.QUEUE_SIZE);
        assertThat(seen.get(0).at()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void watchersShouldBeBounded() {
        EventFeed feed = new EventFeed();
        for (int i = 0; i < EventFeed.MAX_SUBSCRIPTIONS; i++) {
            feed.subscribe(EXAMPLE, event -> true);
        }

        assertThatThrownBy(() -> feed.subscribe(EXAMPLE, event -> true)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("too many live tails");
    }
}
