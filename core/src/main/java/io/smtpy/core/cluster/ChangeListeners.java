package io.smtpy.core.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The listeners of a {@link SharedIndex#onChange}: registered at start, told of each key changed, in order. */
public final class ChangeListeners<K> {
    private final List<Consumer<K>> listeners = new CopyOnWriteArrayList<>();

    public void add(Consumer<K> listener) {
        listeners.add(listener);
    }

    /** Tells every listener that {@code key} changed; call it once storage has the change. */
    public void tell(K key) {
        for (Consumer<K> listener : listeners) {
            listener.accept(key);
        }
    }
}
