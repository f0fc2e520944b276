package io.smtpy.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A repeated measurement: its median and its spread (lowest, highest), with every value kept. */
public final class Spread {
    private final List<Double> values;
    private final double median;
    private final double min;
    private final double max;

    private Spread(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.removeIf(value -> value.isNaN());
        Collections.sort(sorted);
        this.values = List.copyOf(values);
        int n = sorted.size();
        this.median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        this.min = n == 0 ? Double.NaN : sorted.get(0);
        this.max = n == 0 ? Double.NaN : sorted.get(n - 1);
    }

    public static Spread of(List<Double> values) {
        return new Spread(values);
    }

    public double median() {
        return median;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public int count() {
        return values.size();
    }

    void writeTo(ObjectNode node) {
        put(node, "median", median);
        put(node, "min", min);
        put(node, "max", max);
        ArrayNode runs = node.putArray("runs");
        values.forEach(value -> {
            if (value.isNaN()) {
                runs.addNull();
            } else {
                runs.add(round(value));
            }
        });
    }

    /** A number rounded to two decimals, or null for NaN (which JSON has no word for). */
    static void put(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, round(value));
        }
    }

    /** "812 (790–830)", or just "812" for a single run. */
    String format(int decimals) {
        if (Double.isNaN(median)) {
            return "–";
        }
        String pattern = "%." + decimals + "f";
        String middle = String.format(Locale.ROOT, pattern, median);
        if (values.size() < 2) {
            return middle;
        }
        return middle + " (" + String.format(Locale.ROOT, pattern, min) + "–" + String.format(Locale.ROOT, pattern, max) + ")";
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }
}
