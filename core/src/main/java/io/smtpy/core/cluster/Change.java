package io.smtpy.core.cluster;

import java.util.Objects;

/**
 * One change a node made to shared data that other nodes may hold in memory: a {@code topic} (what kind of thing,
 * e.g. {@link #DOMAIN}) and the {@code key} of the thing (a domain name). It says only what to read again, never the
 * new value: the shared store stays the one truth.
 */
public final class Change {
    /** A domain's settings or aliases changed, or the domain was created or deleted; the key is the domain name. */
    public static final String DOMAIN = "domain";

    private final String topic;
    private final String key;

    public Change(String topic, String key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    public String topic() {
        return topic;
    }

    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Change && topic.equals(((Change) other).topic) && key.equals(((Change) other).key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, key);
    }

    @Override
    public String toString() {
        return topic + ":" + key;
    }
}
