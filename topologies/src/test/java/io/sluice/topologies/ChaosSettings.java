package io.sluice.topologies;

import java.util.Random;

/**
 * How hard a chaos run shakes the processor, from system properties: {@code sluice.chaos=long} for
 * the long form (more records, more kills), {@code sluice.chaos.seed} to replay a run (every run
 * prints its seed), {@code sluice.chaos.corrupt=true} to corrupt local state before some restarts
 * instead of only deleting it.
 *
 * @param seed the seed of every random choice: kill moments, delays, state damage
 * @param invoices good input records per step kind
 * @param kills SIGKILLs per step kind
 * @param corrupt whether restarts may find their RocksDB files corrupted
 */
record ChaosSettings(long seed, boolean isLong, int invoices, int kills, boolean corrupt) {
    static final String FORM = "sluice.chaos";
    static final String SEED = "sluice.chaos.seed";
    static final String CORRUPT = "sluice.chaos.corrupt";

    static ChaosSettings fromSystemProperties() {
        boolean isLong = "long".equals(System.getProperty(FORM));
        String seed = System.getProperty(SEED);
        return new ChaosSettings(
                seed == null ? new Random().nextLong() : Long.parseLong(seed),
                isLong,
                isLong ? 200_000 : 24_000,
                isLong ? 30 : 10,
                Boolean.getBoolean(CORRUPT));
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
