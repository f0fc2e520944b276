package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What every {@link ChangeFeed} must do. A backend test implements {@link #node()}: each call a new node's view of one
 * shared feed (a fresh feed per test).
 */
public interface ChangeFeedContract {
    ChangeFeed node();

    Change EXAMPLE = new Change(Change.DOMAIN, "example.com");
    Change OTHER = new Change(Change.DOMAIN, "other.org");

    @Test
    default void aChangeShouldReachEveryNodeThePublisherIncluded() {
        ChangeFeed a = node();
        ChangeFeed b = node();

        a.publish(EXAMPLE);

        assertThat(b.poll()).containsExactly(EXAMPLE);
        assertThat(a.poll()).containsExactly(EXAMPLE);
    }

    @Test
    default void aPollShouldReturnOnlyWhatCameSinceThePreviousOne() {
        ChangeFeed a = node();
        ChangeFeed b = node();
        a.publish(EXAMPLE);
        assertThat(b.poll()).containsExactly(EXAMPLE);

        a.publish(OTHER);

        assertThat(b.poll()).containsExactly(OTHER);
        assertThat(b.poll()).isEmpty();
    }

    @Test
    default void changesShouldComeOldestFirstAndEachOncePerPoll() {
        ChangeFeed a = node();
        ChangeFeed b = node();

        a.publish(OTHER);
        b.publish(EXAMPLE);
        a.publish(OTHER);

        assertThat(b.poll()).containsExactly(OTHER, EXAMPLE);
    }

    @Test
    default void aNodeJoiningShouldSeeOnlyWhatIsPublishedAfter() {
        ChangeFeed a = node();
        a.publish(EXAMPLE);

        ChangeFeed late = node();
        a.publish(OTHER);

        assertThat(late.poll()).containsExactly(OTHER);
    }
}
