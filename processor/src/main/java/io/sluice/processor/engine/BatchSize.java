package io.sluice.processor.engine;

import io.sluice.processor.batch.BatchPlanner;

/**
 * The most records a new batch may cover: the pipeline's limit, halved each time a batch is not
 * read within its share of the transaction timeout, and doubled back towards the limit after each
 * commit. On the batch thread only.
 *
 * <p>A run starts at {@value #FIRST_BATCH} records at most (a slow start): the first batch runs on
 * cold code and connections, and a backlog would otherwise keep the first output back until the
 * whole first batch of up to the limit committed. The size doubles after each commit, so the limit
 * is reached after a few batches.
 */
final class BatchSize {
    static final int FIRST_BATCH = 5_000;

    private final int limit;
    private int maxRecords;
    private BatchPlanner planner;

    BatchSize(int limit) {
        this.limit = limit;
        resize(Math.min(limit, FIRST_BATCH));
    }

    /** The planner of new batches at the current size. */
    BatchPlanner planner() {
        return planner;
    }

    int maxRecords() {
        return maxRecords;
    }

    /** Halves the size, down to one record: a batch was too much for one transaction. */
    void halve() {
        resize(Math.max(1, maxRecords / 2));
    }

    /** Doubles the size after a commit, up to the pipeline's limit. */
    void maybeGrow() {
        if (maxRecords < limit) {
            resize(Math.min(limit, maxRecords * 2));
        }
    }

    private void resize(int records) {
        maxRecords = records;
        planner = new BatchPlanner(records);
    }
}
