package io.smtpy.access.store;

import java.time.Instant;
import java.util.List;

import io.smtpy.access.AccessId;
import io.smtpy.access.FailedAttempt;

/** Refused credentials, for owners to see who tried what against their account. */
public interface FailedAttemptRepository {
    void record(FailedAttempt attempt);

    /** The account's most recent attempts, newest first. */
    List<FailedAttempt> recent(AccessId account, int limit);

    /** Forgets attempts older than {@code cutoff}; how many. */
    int purgeBefore(Instant cutoff);
}
