package io.sluice.processor.window;

/**
 * Batch stats count what finishing a batch of a windowed aggregation did, for metrics.
 *
 * @param rowsEmitted result rows sent to the collector
 * @param windowsWritten window states put into the store
 * @param windowsDeleted window states deleted from the store (evicted or merged away)
 */
public record BatchStats(long rowsEmitted, long windowsWritten, long windowsDeleted) {}
