package io.smtpy.core.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's {@link SharedIndex}es in line with the other nodes of its cluster: publishes on the {@link ChangeFeed}
 * each key an index says this node changed, and hands each change polled from the feed to the index that owns its
 * topic, which reads the key again. The wiring calls {@link #follow} a few times a second and {@link #reloadAll} every
 * few minutes.
 *
 * <p>Failures. A poll that fails marks the shared store unavailable ({@link StoreHealth}: new mail is deferred); the
 * first poll that succeeds again reads every index again before marking it available, since changes made meanwhile
 * may be lost. A change whose reload fails is tried again at each of the next {@value #ATTEMPTS} polls, then left to
 * the next reconcile. A publication that fails is logged: the change is stored and this node has it; the other nodes
 * read it at their next reconcile. A change of a topic no index owns (a newer node's) or with a key that cannot be read
 * is skipped.
 */
public final class FeedFollower {
    static final int ATTEMPTS = 20;
    private static final Logger LOGGER = LoggerFactory.getLogger(FeedFollower.class);

    private final ChangeFeed feed;
    private final StoreHealth health;
    private final Map<String, SharedIndex<?>> byTopic = new LinkedHashMap<>();
    /** Changes whose reload failed, with the polls left to try them again. Used by the polling thread only. */
    private final Map<Change, Integer> retries = new LinkedHashMap<>();

    /**
     * Starts publishing the indexes' changes on {@code feed}.
     *
     * @throws IllegalArgumentException when two indexes have one topic
     */
    public FeedFollower(ChangeFeed feed, Collection<? extends SharedIndex<?>> indexes, StoreHealth health) {
        this.feed = feed;
        this.health = health;
        for (SharedIndex<?> index : indexes) {
            SharedIndex<?> other = byTopic.putIfAbsent(index.topic().name(), index);
            if (other != null) {
                throw new IllegalArgumentException("two indexes follow the topic '" + index.topic().name() + "': " + other
                    + " and " + index);
            }
        }
        byTopic.values().forEach(this::publish);
    }

    private <K> void publish(SharedIndex<K> index) {
        index.onChange(key -> {
            Change change = index.topic().change(key);
            try {
                feed.publish(change);
            } catch (RuntimeException e) {
                LOGGER.warn("could not tell the other nodes of {}: they read it at their next reconcile", change, e);
            }
        });
    }

    /** One round: polls the feed and reads again what it names (see the class comment for failures). */
    public void follow() {
        List<Change> changes;
        try {
            changes = feed.poll();
        } catch (RuntimeException e) {
            if (health.problem().isEmpty()) {
                LOGGER.warn("the shared store does not answer: new mail is deferred (451) until it does", e);
            }
            health.markUnavailable("the shared store does not answer: " + e.getMessage());
            return;
        }
        if (health.problem().isPresent()) {
            LOGGER.info("the shared store answers again: reading everything again, then accepting mail");
            if (!reloadAll()) {
                return;
            }
            health.markAvailable();
        }
        Map<Change, Integer> todo = new LinkedHashMap<>(retries);
        retries.clear();
        changes.forEach(change -> todo.put(change, ATTEMPTS));
        todo.forEach((change, attemptsLeft) -> {
            try {
                apply(change);
            } catch (RuntimeException e) {
                if (attemptsLeft == ATTEMPTS) {
                    LOGGER.warn("could not read {} again; trying again at the next polls", change, e);
                }
                if (attemptsLeft > 1) {
                    retries.put(change, attemptsLeft - 1);
                } else {
                    LOGGER.error("gave up reading {} again; the next reconcile reads it", change, e);
                }
            }
        });
    }

    private void apply(Change change) {
        SharedIndex<?> index = byTopic.get(change.topic());
        if (index == null) {
            LOGGER.debug("no index follows {}; skipped", change);
            return;
        }
        reload(index, change);
    }

    private static <K> void reload(SharedIndex<K> index, Change change) {
        K key;
        try {
            key = index.topic().key(change);
        } catch (IllegalArgumentException e) {
            LOGGER.warn("skipped {}: {}", change, e.getMessage());
            return;
        }
        index.reload(key);
    }

    /**
     * Reads every index again (the reconcile); an index that fails is logged and the others are still read.
     *
     * @return whether every index was read
     */
    public boolean reloadAll() {
        boolean all = true;
        for (SharedIndex<?> index : byTopic.values()) {
            try {
                index.reloadAll();
            } catch (RuntimeException e) {
                LOGGER.error("could not read the {} index again", index.topic(), e);
                all = false;
            }
        }
        return all;
    }
}
