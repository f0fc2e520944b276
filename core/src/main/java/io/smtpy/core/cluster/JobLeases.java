package io.smtpy.core.cluster;

import java.time.Duration;

/**
 * Which node of a cluster runs a background job (a purge, a rotation, a digest) this time. Before each run a node asks
 * for the job's lease with its own holder name and runs only when granted: of nodes asking together, one gets it. A
 * lease lasts the {@code hold} it was taken for, then frees itself, so a node that dies holding it blocks the job for
 * at most that long; the holder asking again while it holds it gets it again, for a new hold (a renewal), so a job
 * stays with one node while that node lives.
 *
 * <p>A lease is not a lock over a run that outlasts its hold: a job taken for its period must finish well within it.
 * Holders are compared by name only: each node needs a name no other node uses (nor its own earlier life).
 *
 * <p>Implementations: {@link #SINGLE_NODE} (nobody to share with), {@link MemoryJobLeases} (the nodes of one JVM,
 * tests), Cassandra's (a conditional write with a TTL). Every implementation passes {@code JobLeasesContract}.
 */
public interface JobLeases {
    /** A server alone: every request is granted, releasing does nothing. */
    JobLeases SINGLE_NODE = new JobLeases() {
        @Override
        public boolean tryAcquire(String job, String holder, Duration hold) {
            checkHold(hold);
            return true;
        }

        @Override
        public void release(String job, String holder) {
        }
    };

    /**
     * Takes {@code job}'s lease for {@code holder} until {@code hold} from now, when it is free or already this
     * holder's; refuses it when another holder has it.
     *
     * @param hold how long the lease lasts unless taken again or released; positive (stores may round it up to whole
     *             seconds)
     * @return whether {@code holder} now has the lease
     */
    boolean tryAcquire(String job, String holder, Duration hold);

    /** Frees {@code job}'s lease if {@code holder} has it; does nothing when another holder has it, or nobody. */
    void release(String job, String holder);

    /** Refuses a hold that is not positive: a lease that never lasts, or lasts forever, is a mistake. */
    static void checkHold(Duration hold) {
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("a lease must be held for some time, got " + hold);
        }
    }
}
