package io.smtpy.rules.lists;

/** How large lists may grow: entries per scope, and the length of a value as written. */
public final class ListLimits {
    public static final int DEFAULT_MAX_ENTRIES_PER_SCOPE = 100_000;
    public static final int DEFAULT_MAX_VALUE_LENGTH = 320;

    private final int maxEntriesPerScope;
    private final int maxValueLength;

    public ListLimits(int maxEntriesPerScope, int maxValueLength) {
        if (maxEntriesPerScope < 1 || maxValueLength < 1) {
            throw new IllegalArgumentException("list limits must be positive");
        }
        this.maxEntriesPerScope = maxEntriesPerScope;
        this.maxValueLength = maxValueLength;
    }

    public static ListLimits defaults() {
        return new ListLimits(DEFAULT_MAX_ENTRIES_PER_SCOPE, DEFAULT_MAX_VALUE_LENGTH);
    }

    public int maxEntriesPerScope() {
        return maxEntriesPerScope;
    }

    public int maxValueLength() {
        return maxValueLength;
    }
}
