package io.sluice.processor.engine;

/**
 * The counts of every batch committed so far, and how many batches that is. Added to by the batch
 * thread once a batch commits; read from any thread.
 */
final class CommittedTotals {
    private final BatchCounters counts = new BatchCounters();
    private volatile long batches;

    /** Adds the counts of a batch that committed; on the batch thread only. */
    void add(BatchCounters batch) {
        synchronized (counts) {
            counts.add(batch);
        }
        batches++; // one writer, the batch thread: the increment needs no lock
    }

    /** A copy of the counts, approximately current. */
    BatchCounters counts() {
        synchronized (counts) {
            BatchCounters copy = new BatchCounters();
            copy.add(counts);
            return copy;
        }
    }

    /** The number of batches committed. */
    long batches() {
        return batches;
    }
}
