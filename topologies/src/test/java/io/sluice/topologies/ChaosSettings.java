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
 * @param kills SIGKILLs per step kind: 3 in the bounded form (21 over the step kinds, plus one in
 *     the scale test), since a restart takes 20-45 s on two cores under the spinning threads; 12 in
 *     the long form
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
                isLong ? 100_000 : 20_000,
                isLong ? 12 : 3,
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
