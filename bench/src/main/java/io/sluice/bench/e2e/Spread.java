package io.sluice.bench.e2e;

import java.util.Arrays;

/**
 * The median, minimum and maximum of one figure over the successful runs of a workload.
 *
 * @param median the middle value (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values; 0 when no run succeeded, and then the others are NaN
 */
record Spread(double median, double min, double max, int count) {
    static Spread of(double... values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], n);
    }

    boolean isEmpty() {
        return count == 0;
    }
}
