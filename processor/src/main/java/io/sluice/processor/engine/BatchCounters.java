package io.sluice.processor.engine;

/**
 * Record counts of one batch, or of every committed batch so far.
 *
 * <p>They reconcile: {@code in = emitting + filtered + deadLettered + skipped}, where {@code
 * emitting} counts input records that produced at least one output ({@code out} counts the outputs,
 * which {@code explode} can make more than one per input). Mutated by the batch thread only; a
 * batch's counts join the totals only once it commits, so a replayed batch counts once.
 */
public final class BatchCounters {
    long in;
    long emitting;
    long out;
    long filtered;
    long deadLettered;
    long skipped;
    long late;
    long repartitioned;

    /** Input records read. */
    public long in() {
        return in;
    }

    /** Output records written. */
    public long out() {
        return out;
    }

    /** Input records that gave at least one output. */
    public long emitting() {
        return emitting;
    }

    /** Input records that gave no output and no error (a {@code where} dropped them). */
    public long filtered() {
        return filtered;
    }

    /** Input records sent to the dead-letter topic. */
    public long deadLettered() {
        return deadLettered;
    }

    /** Input records that failed and were dropped by the {@code skip} policy. */
    public long skipped() {
        return skipped;
    }

    /** Input records late for every window they belong to. */
    public long late() {
        return late;
    }

    /**
     * Rows written to the repartition topic, on their way to the task of their group; their input
     * records count as emitting. A moved row found late afterwards counts in {@link #late()}.
     */
    public long repartitioned() {
        return repartitioned;
    }

    void reset() {
        in = emitting = out = filtered = deadLettered = skipped = late = repartitioned = 0;
    }

    void add(BatchCounters batch) {
        in += batch.in;
        emitting += batch.emitting;
        out += batch.out;
        filtered += batch.filtered;
        deadLettered += batch.deadLettered;
        skipped += batch.skipped;
        late += batch.late;
        repartitioned += batch.repartitioned;
    }

    @Override
    public String toString() {
        return String.format(
                "in=%d out=%d filtered=%d dead-lettered=%d skipped=%d late=%d",
                in, out, filtered, deadLettered, skipped, late);
    }
}
