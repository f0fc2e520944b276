package io.smtpy.core.cluster;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Values read from storage and kept in memory by key, so the mail path does not read storage each time, following the
 * changes of every node: the {@link SharedIndex} of a service whose in-memory state is a cache. A key is read on first
 * use, then served from memory until it changes: a change made through this node is {@link #changed} (the key is
 * forgotten, read again on its next use, and the other nodes are told), one made through another node
 * {@link #reload}s it.
 *
 * <p>Reading again replaces the value in one step, and waits for a first read of the same key under way: a reader gets
 * the old value or the new, and a first read that began before a change cannot put its older value back after the
 * change. A read that fails keeps nothing (a reload that fails keeps the old value). At most
 * {@link #DEFAULT_MAX_ENTRIES} keys are kept: past that the cache starts afresh, each key read again on its next use.
 *
 * @param <V> the value read
 */
public final class SharedCache<K, V> implements SharedIndex<K> {
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final Topic<K> topic;
    private final Function<K, V> read;
    private final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();
    private final ChangeListeners<K> changes = new ChangeListeners<>();

    /**
     * @param topic the topic its changes travel under
     * @param read reads a key from storage; null for a value not worth keeping (not known yet): nothing is kept, the
     *             next use reads again
     */
    public SharedCache(Topic<K> topic, Function<K, V> read) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.read = Objects.requireNonNull(read, "read");
    }

    /** The key's value, from memory, else read now; null when the read gave null. */
    public V get(K key) {
        V value = values.get(key);
        if (value != null) {
            return value;
        }
        if (values.size() >= DEFAULT_MAX_ENTRIES) {
            values.clear();
        }
        return values.computeIfAbsent(key, read);
    }

    /** This node changed the key in storage: it is read again on its next use, and the listeners are told. */
    public void changed(K key) {
        values.remove(key);
        changes.tell(key);
    }

    @Override
    public Topic<K> topic() {
        return topic;
    }

    @Override
    public void onChange(Consumer<K> listener) {
        changes.add(listener);
    }

    /** Reads the key again when it is held; a key not held is read on its next use anyway. */
    @Override
    public void reload(K key) {
        values.computeIfPresent(key, (any, old) -> read.apply(key));
    }

    @Override
    public void reloadAll() {
        values.keySet().forEach(this::reload);
    }
}
