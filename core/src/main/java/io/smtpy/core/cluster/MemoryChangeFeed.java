package io.smtpy.core.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The change feed of nodes living in one JVM (tests): {@link #join()} gives each node its own cursor on one shared
 * log.
 */
public final class MemoryChangeFeed {
    private final List<Change> log = new ArrayList<>();

    /** A node's view of the feed: it sees what any node publishes from now on. */
    public synchronized ChangeFeed join() {
        return new Cursor(log.size());
    }

    private final class Cursor implements ChangeFeed {
        private int next;

        private Cursor(int next) {
            this.next = next;
        }

        @Override
        public void publish(Change change) {
            synchronized (MemoryChangeFeed.this) {
                log.add(change);
            }
        }

        @Override
        public List<Change> poll() {
            synchronized (MemoryChangeFeed.this) {
                Set<Change> changes = new LinkedHashSet<>(log.subList(next, log.size()));
                next = log.size();
                return new ArrayList<>(changes);
            }
        }
    }
}
