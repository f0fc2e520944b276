package io.smtpy.suppression;

import java.util.List;
import java.util.Optional;

import com.google.common.collect.ImmutableList;

/** One page of suppressions, and the cursor of the next when there may be more. */
public final class SuppressionPage {
    private final List<Suppression> items;
    private final Optional<SuppressionCursor> next;

    public SuppressionPage(List<Suppression> items, Optional<SuppressionCursor> next) {
        this.items = ImmutableList.copyOf(items);
        this.next = next;
    }

    /** The first {@code limit} of {@code sorted} (fetched with one more), and a cursor when there was one more. */
    public static SuppressionPage of(List<Suppression> sorted, int limit) {
        if (sorted.size() <= limit) {
            return new SuppressionPage(sorted, Optional.empty());
        }
        List<Suppression> page = sorted.subList(0, limit);
        return new SuppressionPage(page, Optional.of(SuppressionCursor.after(page.get(limit - 1))));
    }

    public List<Suppression> items() {
        return items;
    }

    public Optional<SuppressionCursor> next() {
        return next;
    }
}
