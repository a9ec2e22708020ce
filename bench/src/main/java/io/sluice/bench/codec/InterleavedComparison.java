package io.sluice.bench.codec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Interleaved comparison measures the two JSON-to-Avro paths of {@link JsonToAvroBenchmark} in
 * alternating rounds and by thread CPU time, a cross-check for JMH on a shared machine.
 *
 * <p>JMH runs one benchmark after the other and measures wall time, so when other work comes and
 * goes on a two-core machine the two scores see different loads. Here each round runs both paths
 * back to back and counts only the CPU time of this thread; the medians over rounds give records
 * per CPU-second and their ratio. Run from the repository root: {@code java -cp
 * bench/target/benchmarks.jar io.sluice.bench.codec.InterleavedComparison [rounds]}.
 */
public final class InterleavedComparison {

    private static final int RECORDS_PER_ROUND = 200_000;
    private static final int WARMUP_ROUNDS = 5;

    private InterleavedComparison() {}

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        JsonToAvroBenchmark bench = new JsonToAvroBenchmark();
        bench.dataFile = "topologies/data/invoices.jsonl";
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> sluice = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        long checksum = 0;
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS_PER_ROUND; i++) {
                checksum += bench.sluiceCodecs().length;
            }
            long middle = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < RECORDS_PER_ROUND; i++) {
                checksum += bench.jacksonTreeThenGenericDatumWriter().length;
            }
            long end = threads.getCurrentThreadCpuTime();
            if (round >= WARMUP_ROUNDS) {
                sluice.add(RECORDS_PER_ROUND / ((middle - start) / 1e9));
                baseline.add(RECORDS_PER_ROUND / ((end - middle) / 1e9));
            }
        }
        double ours = median(sluice);
        double theirs = median(baseline);
        System.out.printf(
                Locale.ROOT,
                "sluiceCodecs                      %,12.0f records per CPU-second%n",
                ours);
        System.out.printf(
                Locale.ROOT,
                "jacksonTreeThenGenericDatumWriter %,12.0f records per CPU-second%n",
                theirs);
        System.out.printf(
                Locale.ROOT,
                "ratio %.2f (median of %d rounds; checksum %d)%n",
                ours / theirs,
                rounds,
                checksum);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
