package io.smtpy.core.cluster;

import java.util.function.Consumer;

/**
 * Data of the store the nodes share that a node keeps in memory (an index the mail path reads, a cache) and that must
 * follow the changes made through any node of a cluster. The node tells the others of each key it changes
 * ({@link #onChange}, published on the {@link ChangeFeed} under the index's {@link #topic}); for each change the feed
 * names, it reads that key again ({@link #reload}); and now and then it reads everything again ({@link #reloadAll}),
 * which catches what the feed missed. {@link FeedFollower} does the publishing and the routing; the index decides what
 * a key covers and how it is read.
 *
 * <p>Reading again replaces what is held for the key in one step: a reader meanwhile gets the old value or the new one,
 * never none, and a read that began before the change cannot put its older value back afterwards. It is idempotent: a
 * change may arrive twice, and a node is told of its own changes too.
 *
 * @param <K> what a change names: a domain, a scope
 */
public interface SharedIndex<K> {
    /** The topic this index's changes travel under; no other index has it. */
    Topic<K> topic();

    /** {@code listener} is told of each key this node changed, once storage has the change. */
    void onChange(Consumer<K> listener);

    /** Reads the key again from storage (another node changed it). */
    void reload(K key);

    /** Reads everything held again from storage (the periodic reconcile). */
    void reloadAll();
}
