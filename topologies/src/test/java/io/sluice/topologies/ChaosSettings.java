package io.sluice.topologies;

import java.util.Random;

/**
 * How hard a chaos run shakes the processor, from system properties: {@code sluice.chaos=long} for
 * the long form (more records, more kills, more spinning threads), {@code sluice.chaos.seed} to
 * replay a run (every run prints its seed), {@code sluice.chaos.corrupt=false} to only delete local
 * state before some restarts instead of also corrupting it.
 *
 * @param seed the seed of every random choice: kill moments, delays, state damage
 * @param invoices good input records per step kind
 * @param kills SIGKILLs per step kind: 3 in the bounded form (21 over the step kinds, plus one in
 *     the scale test), since a restart takes 20-45 s on two cores under the spinning threads; 12 in
 *     the long form
 * @param busyThreads spinning threads: one more than the cores in the bounded form, twice the cores
 *     and two in the long form; either way more than the cores
 * @param corrupt whether restarts may find their RocksDB files corrupted
 */
record ChaosSettings(
        long seed, boolean isLong, int invoices, int kills, int busyThreads, boolean corrupt) {
    static final String FORM = "sluice.chaos";
    static final String SEED = "sluice.chaos.seed";
    static final String CORRUPT = "sluice.chaos.corrupt";

    static ChaosSettings fromSystemProperties() {
        boolean isLong = "long".equals(System.getProperty(FORM));
        String seed = System.getProperty(SEED);
        int cores = Runtime.getRuntime().availableProcessors();
        return new ChaosSettings(
                seed == null ? new Random().nextLong() : Long.parseLong(seed),
                isLong,
                isLong ? 100_000 : 12_000,
                isLong ? 12 : 3,
                isLong ? 2 * cores + 2 : cores + 1,
                !"false".equals(System.getProperty(CORRUPT)));
    }

    /** A random source for one step kind: the same seed and kind give the same choices. */
    Random random(String kind) {
        return new Random(seed ^ kind.hashCode());
    }

    /** The system properties that replay this run. */
    String replay() {
        return String.format(
                "-D%s=%s -D%s=%d -D%s=%s",
                FORM, isLong ? "long" : "bounded", SEED, seed, CORRUPT, corrupt);
    }
}
