package io.smtpy.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.smtpy.core.model.DomainName;

/** The routing of changes between nodes, on a memory feed, with indexes that record what they were asked to read. */
class FeedFollowerTest {
    private static final DomainName EXAMPLE = DomainName.of("example.com");

    private final MemoryChangeFeed feed = new MemoryChangeFeed();
    private final StoreHealth health = new StoreHealth();

    /** An index that records its reloads, and fails the first {@code failures} of them. */
    private static final class Recorder implements SharedIndex<DomainName> {
        private final Topic<DomainName> topic;
        private final ChangeListeners<DomainName> changes = new ChangeListeners<>();
        private final List<DomainName> reloaded = new ArrayList<>();
        private int attempts;
        private int failures;
        private int reloadedAll;
        private boolean reloadAllFails;

        Recorder(String topic) {
            this.topic = Topic.ofDomains(topic);
        }

        void change(DomainName domain) {
            changes.tell(domain);
        }

        @Override
        public Topic<DomainName> topic() {
            return topic;
        }

        @Override
        public void onChange(Consumer<DomainName> listener) {
            changes.add(listener);
        }

        @Override
        public void reload(DomainName domain) {
            attempts++;
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("the store does not answer");
            }
            reloaded.add(domain);
        }

        @Override
        public void reloadAll() {
            if (reloadAllFails) {
                throw new IllegalStateException("the store does not answer");
            }
            reloadedAll++;
        }
    }

    /** A feed whose polls fail while {@code down}. */
    private static final class FlakyFeed implements ChangeFeed {
        private final ChangeFeed feed;
        private boolean down;

        FlakyFeed(ChangeFeed feed) {
            this.feed = feed;
        }

        @Override
        public void publish(Change change) {
            feed.publish(change);
        }

        @Override
        public List<Change> poll() {
            if (down) {
                throw new IllegalStateException("the store does not answer");
            }
            return feed.poll();
        }
    }

    @Test
    void aChangeMadeOnOneNodeShouldBeReadAgainByTheIndexOfItsTopicOnEveryNode() {
        Recorder rulesA = new Recorder("rules");
        Recorder listsA = new Recorder("lists");
        Recorder rulesB = new Recorder("rules");
        Recorder listsB = new Recorder("lists");
        FeedFollower nodeA = new FeedFollower(feed.join(), List.of(rulesA, listsA), health);
        FeedFollower nodeB = new FeedFollower(feed.join(), List.of(rulesB, listsB), new StoreHealth());

        rulesA.change(EXAMPLE);
        nodeB.follow();
        nodeA.follow();

        assertThat(rulesB.reloaded).containsExactly(EXAMPLE);
        assertThat(listsB.reloaded).isEmpty();
        assertThat(rulesA.reloaded).containsExactly(EXAMPLE);
    }

    @Test
    void twoIndexesOfOneTopicShouldBeRefused() {
        assertThatThrownBy(() -> new FeedFollower(feed.join(), List.of(new Recorder("rules"), new Recorder("rules")), health))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'rules'");
    }

    @Test
    void changesOfAnUnknownTopicOrWithAnUnreadableKeyShouldBeSkipped() {
        Recorder rules = new Recorder("rules");
        FeedFollower node = new FeedFollower(feed.join(), List.of(rules), health);
        ChangeFeed newerNode = feed.join();

        newerNode.publish(new Change("something-new", "example.com"));
        newerNode.publish(new Change("rules", "not a domain"));
        newerNode.publish(new Change("rules", "example.com"));
        node.follow();

        assertThat(rules.reloaded).containsExactly(EXAMPLE);
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void afterAFailedPollEverythingShouldBeReadAgainBeforeMailIsAcceptedAgain() {
        Recorder rules = new Recorder("rules");
        FlakyFeed flaky = new FlakyFeed(feed.join());
        FeedFollower node = new FeedFollower(flaky, List.of(rules), health);

        flaky.down = true;
        node.follow();
        assertThat(health.problem()).hasValueSatisfying(why -> assertThat(why).contains("does not answer"));

        flaky.down = false;
        rules.reloadAllFails = true;
        node.follow();
        assertThat(health.problem()).isPresent();

        rules.reloadAllFails = false;
        node.follow();
        assertThat(rules.reloadedAll).isEqualTo(1);
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aFailedReloadShouldBeTriedAgainAtTheNextPolls() {
        Recorder rules = new Recorder("rules");
        FeedFollower node = new FeedFollower(feed.join(), List.of(rules), health);
        rules.failures = 2;

        rules.change(EXAMPLE);
        node.follow();
        node.follow();
        assertThat(rules.reloaded).isEmpty();
        node.follow();
        node.follow();

        assertThat(rules.reloaded).containsExactly(EXAMPLE);
        assertThat(rules.attempts).isEqualTo(3);
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aReloadThatKeepsFailingShouldBeLeftToTheReconcile() {
        Recorder rules = new Recorder("rules");
        FeedFollower node = new FeedFollower(feed.join(), List.of(rules), health);
        rules.failures = Integer.MAX_VALUE;

        rules.change(EXAMPLE);
        for (int poll = 0; poll < FeedFollower.ATTEMPTS + 5; poll++) {
            node.follow();
        }

        assertThat(rules.attempts).isEqualTo(FeedFollower.ATTEMPTS);
    }

    @Test
    void aChangeShouldStandWhenTheOtherNodesCannotBeTold() {
        Recorder rules = new Recorder("rules");
        ChangeFeed unreachable = new ChangeFeed() {
            @Override
            public void publish(Change change) {
                throw new IllegalStateException("the store does not answer");
            }

            @Override
            public List<Change> poll() {
                return List.of();
            }
        };
        new FeedFollower(unreachable, List.of(rules), health);

        assertThatCode(() -> rules.change(EXAMPLE)).doesNotThrowAnyException();
    }

    @Test
    void reloadAllShouldReadEveryIndexEvenWhenOneFails() {
        Recorder rules = new Recorder("rules");
        Recorder lists = new Recorder("lists");
        FeedFollower node = new FeedFollower(feed.join(), List.of(rules, lists), health);
        rules.reloadAllFails = true;

        assertThat(node.reloadAll()).isFalse();
        assertThat(lists.reloadedAll).isEqualTo(1);

        rules.reloadAllFails = false;
        assertThat(node.reloadAll()).isTrue();
    }
}
