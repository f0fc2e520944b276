package io.smtpy.access.store.memory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

import io.smtpy.access.AccessId;
import io.smtpy.access.FailedAttempt;
import io.smtpy.access.store.FailedAttemptRepository;

public final class MemoryFailedAttemptRepository implements FailedAttemptRepository {
    private final Deque<FailedAttempt> attempts = new ArrayDeque<>();

    @Override
    public synchronized void record(FailedAttempt attempt) {
        attempts.addFirst(attempt);
    }

    @Override
    public synchronized List<FailedAttempt> recent(AccessId account, int limit) {
        return attempts.stream()
            .filter(attempt -> attempt.account().map(account::equals).orElse(false))
            // Stable sort of the newest-recorded-first deque: by time, and attempts of one instant newest recorded first.
            .sorted(Comparator.comparing(FailedAttempt::at).reversed())
            .limit(limit)
            .collect(Collectors.toList());
    }

    @Override
    public synchronized int purgeBefore(Instant cutoff) {
        int before = attempts.size();
        attempts.removeIf(attempt -> attempt.at().isBefore(cutoff));
        return before - attempts.size();
    }
}
