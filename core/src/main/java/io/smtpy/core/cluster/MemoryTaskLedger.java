package io.smtpy.core.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Task records in the heap: those of one node (a node alone has nobody to tell), or of the nodes of one JVM sharing one
 * instance (tests). Besides expiring {@link TaskLedger#KEPT} after their last write, at most {@value #MAX_RECORDS} are
 * kept, the least recently written going first.
 */
public final class MemoryTaskLedger implements TaskLedger {
    static final int MAX_RECORDS = 10_000;

    private final Clock clock;
    private final Duration kept;
    /** In order of last write, oldest first. */
    private final LinkedHashMap<String, Kept> records = new LinkedHashMap<>();

    public MemoryTaskLedger(Clock clock) {
        this(clock, KEPT);
    }

    /** @param kept how long a record lasts after its last write */
    public MemoryTaskLedger(Clock clock, Duration kept) {
        this.clock = clock;
        this.kept = kept;
    }

    @Override
    public synchronized void record(TaskRecord record) {
        Instant now = clock.instant();
        records.remove(record.id());
        records.put(record.id(), new Kept(record, now.plus(kept)));
        for (Iterator<Map.Entry<String, Kept>> oldest = records.entrySet().iterator(); oldest.hasNext(); ) {
            Kept each = oldest.next().getValue();
            if (records.size() <= MAX_RECORDS && each.until.isAfter(now)) {
                break;
            }
            oldest.remove();
        }
    }

    @Override
    public synchronized Optional<TaskRecord> find(String taskId) {
        return Optional.ofNullable(records.get(taskId)).filter(each -> each.until.isAfter(clock.instant()))
            .map(each -> each.record);
    }

    private static final class Kept {
        private final TaskRecord record;
        private final Instant until;

        private Kept(TaskRecord record, Instant until) {
            this.record = record;
            this.until = until;
        }
    }
}
