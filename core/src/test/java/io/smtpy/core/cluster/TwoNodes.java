package io.smtpy.core.cluster;

import java.util.List;

/**
 * Two nodes of a cluster in one test: each its own {@link SharedIndex}es (services over one memory store) and its own
 * cursor on one {@link MemoryChangeFeed}, followed by a {@link FeedFollower} as the wiring does. What one node changes
 * reaches the other's indexes when {@link #follow()} runs a round on both.
 */
public final class TwoNodes {
    private final FeedFollower a;
    private final FeedFollower b;

    private TwoNodes(List<SharedIndex<?>> nodeA, List<SharedIndex<?>> nodeB) {
        MemoryChangeFeed feed = new MemoryChangeFeed();
        this.a = new FeedFollower(feed.join(), nodeA, new StoreHealth());
        this.b = new FeedFollower(feed.join(), nodeB, new StoreHealth());
    }

    /** Node A with {@code a}, node B with {@code b}: one index each, of one topic. */
    public static <K> TwoNodes of(SharedIndex<K> a, SharedIndex<K> b) {
        return new TwoNodes(List.of(a), List.of(b));
    }

    /** Node A with the {@code a} indexes, node B with the {@code b} ones. */
    public static TwoNodes of(List<SharedIndex<?>> a, List<SharedIndex<?>> b) {
        return new TwoNodes(a, b);
    }

    /** One round of following on each node: each reads again what the feed names. */
    public void follow() {
        a.follow();
        b.follow();
    }
}
