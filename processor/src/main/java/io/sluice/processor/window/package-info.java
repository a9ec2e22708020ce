/**
 * Event-time windows and watermarks, and the per-batch logic of a windowed aggregation: window
 * assignment (tumbling, sliding, session), watermark tracking per input partition, pre-aggregation
 * of a batch, merging with stored state and the emissions and evictions of each output mode.
 *
 * <p>Everything here is pure: state is reached through {@link
 * io.sluice.processor.window.WindowStore}, which the engine implements over RocksDB and {@link
 * io.sluice.processor.window.WindowedAggregation} (the in-memory reference) in memory. No Kafka
 * clients, no RocksDB, no system clocks.
 */
package io.sluice.processor.window;
