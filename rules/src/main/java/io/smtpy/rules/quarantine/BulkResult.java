package io.smtpy.rules.quarantine;

import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableMap;

/**
 * What a bulk release or delete did: how many mails it handled, the ones that failed (id to reason), and whether
 * more mails pass the query than one call handles ({@link Quarantine#MAX_BULK}): the caller calls again.
 */
public final class BulkResult {
    private final int done;
    private final Map<QuarantineId, String> failures;
    private final boolean more;

    public BulkResult(int done, Map<QuarantineId, String> failures, boolean more) {
        this.done = done;
        this.failures = ImmutableMap.copyOf(failures);
        this.more = more;
    }

    public int done() {
        return done;
    }

    public Map<QuarantineId, String> failures() {
        return failures;
    }

    public List<QuarantineId> failed() {
        return List.copyOf(failures.keySet());
    }

    public boolean more() {
        return more;
    }
}
