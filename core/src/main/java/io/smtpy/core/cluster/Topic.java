package io.smtpy.core.cluster;

import java.util.Objects;
import java.util.function.Function;

import io.smtpy.core.model.DomainName;

/**
 * A kind of {@link Change} with the type of its key: the name a change travels under on the feed, and how its key is
 * written there and read back. Each topic belongs to one {@link SharedIndex}.
 *
 * @param <K> the key: a domain, a scope
 */
public final class Topic<K> {
    private final String name;
    private final Function<K, String> write;
    private final Function<String, K> read;

    private Topic(String name, Function<K, String> write, Function<String, K> read) {
        this.name = Objects.requireNonNull(name, "name");
        this.write = Objects.requireNonNull(write, "write");
        this.read = Objects.requireNonNull(read, "read");
    }

    /**
     * @param write the key as text
     * @param read the key back from what {@code write} wrote; throws {@link IllegalArgumentException} for other text
     */
    public static <K> Topic<K> of(String name, Function<K, String> write, Function<String, K> read) {
        return new Topic<>(name, write, read);
    }

    /** A topic whose key is a domain's name. */
    public static Topic<DomainName> ofDomains(String name) {
        return of(name, DomainName::asString, DomainName::of);
    }

    public String name() {
        return name;
    }

    /** The change of {@code key} on this topic, as published. */
    public Change change(K key) {
        return new Change(name, write.apply(key));
    }

    /**
     * The key a change of this topic names.
     *
     * @throws IllegalArgumentException when the change is of another topic, or its key is not one this topic writes
     */
    public K key(Change change) {
        if (!name.equals(change.topic())) {
            throw new IllegalArgumentException("a change of '" + change.topic() + "' is not one of '" + name + "'");
        }
        return read.apply(change.key());
    }

    @Override
    public String toString() {
        return name;
    }
}
