package io.smtpy.core.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The job leases of nodes living in one JVM (tests): one instance shared by every node, its time from a {@link Clock}. */
public final class MemoryJobLeases implements JobLeases {
    private final Clock clock;
    private final Map<String, Lease> leases = new HashMap<>();

    public MemoryJobLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean tryAcquire(String job, String holder, Duration hold) {
        JobLeases.checkHold(hold);
        Instant now = clock.instant();
        Lease current = leases.get(job);
        if (current != null && current.until.isAfter(now) && !current.holder.equals(holder)) {
            return false;
        }
        leases.put(job, new Lease(holder, now.plus(hold)));
        return true;
    }

    @Override
    public synchronized void release(String job, String holder) {
        Lease current = leases.get(job);
        if (current != null && current.holder.equals(holder)) {
            leases.remove(job);
        }
    }

    private static final class Lease {
        private final String holder;
        private final Instant until;

        private Lease(String holder, Instant until) {
            this.holder = holder;
            this.until = until;
        }
    }
}
