package io.sluice.topologies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each stateful step must emit for a {@link ChaosInput}, computed in memory, and the checks
 * that compare it with what the processor emitted.
 *
 * <p>Rows are compared as text: a window or group is {@code store@windowStart}, and its values are
 * joined with {@code /}. Sums of {@code TotalValue} are exact in a double (whole numbers), so any
 * order of addition gives the same text.
 */
final class ChaosOracle {
    private ChaosOracle() {}

    /** Sales and invoice count per store and tumbling window of {@code sizeMs}. */
    static Map<String, String> tumbling(List<JsonNode> invoices, long sizeMs) {
        Map<String, double[]> windows = new HashMap<>();
        for (JsonNode invoice : invoices) {
            long time = time(invoice);
            String key = store(invoice) + "@" + (time - Math.floorMod(time, sizeMs));
            double[] sums = windows.computeIfAbsent(key, k -> new double[2]);
            sums[0] += invoice.get("TotalValue").asDouble();
            sums[1]++;
        }
        Map<String, String> rows = new HashMap<>();
        windows.forEach((key, sums) -> rows.put(key, sums[0] + "/" + (long) sums[1]));
        return rows;
    }

    /**
     * The running step after a tumbling window: per window, its sales and count, then the running
     * sums of both and the running count of windows over the store's windows up to it in start
     * order.
     */
    static Map<String, String> running(List<JsonNode> invoices, long sizeMs) {
        Map<String, TreeMap<Long, double[]>> stores = new HashMap<>();
        for (JsonNode invoice : invoices) {
            long time = time(invoice);
            double[] sums =
                    stores.computeIfAbsent(store(invoice), k -> new TreeMap<>())
                            .computeIfAbsent(
                                    time - Math.floorMod(time, sizeMs), k -> new double[2]);
            sums[0] += invoice.get("TotalValue").asDouble();
            sums[1]++;
        }
        Map<String, String> rows = new HashMap<>();
        stores.forEach(
                (store, windows) -> {
                    double sales = 0;
                    long count = 0;
                    long windowCount = 0;
                    for (Map.Entry<Long, double[]> window : windows.entrySet()) {
                        double[] sums = window.getValue();
                        sales += sums[0];
                        count += (long) sums[1];
                        windowCount++;
                        rows.put(
                                store + "@" + window.getKey(),
                                String.join(
                                        "/",
                                        Double.toString(sums[0]),
                                        Long.toString((long) sums[1]),
                                        Double.toString(sales),
                                        Long.toString(count),
                                        Long.toString(windowCount)));
                    }
                });
        return rows;
    }

    /**
     * Session windows per store: a row opens {@code [t, t + gap)} and windows that overlap or touch
     * merge (the engine's rule); each session's end, sales and count.
     */
    static Map<String, String> sessions(List<JsonNode> invoices, long gapMs) {
        Map<String, List<JsonNode>> stores = new HashMap<>();
        for (JsonNode invoice : invoices) {
            stores.computeIfAbsent(store(invoice), k -> new ArrayList<>()).add(invoice);
        }
        Map<String, String> rows = new HashMap<>();
        stores.forEach(
                (store, rowsOfStore) -> {
                    List<JsonNode> sorted = new ArrayList<>(rowsOfStore);
                    sorted.sort((a, b) -> Long.compare(time(a), time(b)));
                    long start = Long.MIN_VALUE;
                    long end = Long.MIN_VALUE;
                    double sales = 0;
                    long count = 0;
                    for (JsonNode invoice : sorted) {
                        long time = time(invoice);
                        if (count > 0 && time > end) {
                            rows.put(store + "@" + start, end + "/" + sales + "/" + count);
                            count = 0;
                            sales = 0;
                        }
                        if (count == 0) {
                            start = time;
                        }
                        end = Math.max(end, time + gapMs);
                        sales += invoice.get("TotalValue").asDouble();
                        count++;
                    }
                    rows.put(store + "@" + start, end + "/" + sales + "/" + count);
                });
        return rows;
    }

    /** Count and item quantity per store and sliding window. */
    static Map<String, long[]> sliding(List<JsonNode> invoices, long sizeMs, long slideMs) {
        Map<String, long[]> windows = new HashMap<>();
        for (JsonNode invoice : invoices) {
            long time = time(invoice);
            long last = time - Math.floorMod(time, slideMs);
            for (long start = last; start > time - sizeMs; start -= slideMs) {
                long[] sums =
                        windows.computeIfAbsent(store(invoice) + "@" + start, k -> new long[2]);
                sums[0]++;
                sums[1] += invoice.get("ItemQty").asLong();
            }
        }
        return windows;
    }

    /** Count and item quantity per store over all invoices. */
    static Map<String, long[]> totals(List<JsonNode> invoices) {
        Map<String, long[]> stores = new HashMap<>();
        for (JsonNode invoice : invoices) {
            long[] sums = stores.computeIfAbsent(store(invoice), k -> new long[2]);
            sums[0]++;
            sums[1] += invoice.get("ItemQty").asLong();
        }
        return stores;
    }

    /**
     * Compares rows emitted once each (append mode) with the expected ones: rows emitted twice,
     * then rows that differ, as "key: emitted X, expected Y", sorted; empty when they agree.
     */
    static List<String> exactDifferences(
            List<Map.Entry<String, String>> emitted, Map<String, String> expected) {
        List<String> problems = new ArrayList<>();
        Map<String, String> once = new HashMap<>();
        for (Map.Entry<String, String> row : emitted) {
            String previous = once.put(row.getKey(), row.getValue());
            if (previous != null) {
                problems.add(
                        row.getKey() + ": emitted twice, " + previous + " and " + row.getValue());
            }
        }
        TreeSet<String> keys = new TreeSet<>(once.keySet());
        keys.addAll(expected.keySet());
        for (String key : keys) {
            String got = once.get(key);
            String want = expected.get(key);
            if (got == null || !got.equals(want)) {
                problems.add(key + ": emitted " + got + ", expected " + want);
            }
        }
        return problems;
    }

    /**
     * Compares update-mode rows (in the order one key's rows were written) with the final values:
     * per key, the values never decrease and never exceed the final ones (a row no batch boundary
     * could give), the last row equals the final values, and the keys are exactly the expected
     * ones. Returns the problems, sorted by key; empty when they agree.
     */
    static List<String> updateDifferences(
            List<Map.Entry<String, long[]>> emitted, Map<String, long[]> expected) {
        Map<String, List<String>> problems = new TreeMap<>();
        Map<String, long[]> last = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> row : emitted) {
            String key = row.getKey();
            long[] values = row.getValue();
            long[] want = expected.get(key);
            long[] before = last.put(key, values);
            if (want != null && exceeds(values, want)) {
                add(problems, key, "emitted " + text(values) + " above final " + text(want));
            }
            if (before != null && exceeds(before, values)) {
                add(problems, key, "went down from " + text(before) + " to " + text(values));
            }
        }
        TreeSet<String> keys = new TreeSet<>(last.keySet());
        keys.addAll(expected.keySet());
        for (String key : keys) {
            long[] got = last.get(key);
            long[] want = expected.get(key);
            if (got == null || want == null || !Arrays.equals(got, want)) {
                add(problems, key, "last emitted " + text(got) + ", expected " + text(want));
            }
        }
        List<String> all = new ArrayList<>();
        problems.forEach((key, list) -> list.forEach(p -> all.add(key + ": " + p)));
        return all;
    }

    private static boolean exceeds(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return true;
            }
        }
        return false;
    }

    private static void add(Map<String, List<String>> problems, String key, String problem) {
        problems.computeIfAbsent(key, k -> new ArrayList<>()).add(problem);
    }

    private static String text(long[] values) {
        return values == null ? "nothing" : Arrays.toString(values);
    }

    static String store(JsonNode invoice) {
        return invoice.get("StoreID").asText();
    }

    static long time(JsonNode invoice) {
        return invoice.get("CreatedTime").asLong();
    }
}
