package io.smtpy.analytics;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most frequent values of one dimension (senders, aliases, destinations) in bounded memory: at most
 * {@link #CAPACITY} values are kept. A new value when full takes the place of the least counted one and inherits its
 * count plus one (the space-saving algorithm): a value that is really frequent is never lost, and a count is never
 * below the true one by more than the count it inherited. Not thread-safe: its roll-up guards it.
 */
public final class TopValues {
    static final int CAPACITY = 100;

    private final Map<String, Long> counts = new HashMap<>();

    void add(String value, long count) {
        Long current = counts.get(value);
        if (current != null) {
            counts.put(value, current + count);
            return;
        }
        if (counts.size() < CAPACITY) {
            counts.put(value, count);
            return;
        }
        Map.Entry<String, Long> least = counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        counts.remove(least.getKey());
        counts.put(value, least.getValue() + count);
    }

    void addAll(Map<String, Long> values) {
        values.forEach(this::add);
    }

    /** The values, most counted first (ties by value), at most {@code limit}. */
    public static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }

    Map<String, Long> snapshot() {
        return top(counts, CAPACITY);
    }
}
