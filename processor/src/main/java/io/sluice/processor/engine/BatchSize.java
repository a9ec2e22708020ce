package io.sluice.processor.engine;

import io.sluice.processor.batch.BatchPlanner;

/**
 * The most records a new batch may cover: the pipeline's limit, halved each time a batch is not
 * read within its share of the transaction timeout, and doubled back towards the limit after each
 * commit. On the batch thread only.
 */
final class BatchSize {
    private final int limit;
    private int maxRecords;
    private BatchPlanner planner;

    BatchSize(int limit) {
        this.limit = limit;
        resize(limit);
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
