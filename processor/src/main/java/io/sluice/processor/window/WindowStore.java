package io.sluice.processor.window;

import java.util.List;
import java.util.Optional;

/**
 * A window store is the stored state of a windowed aggregation, as {@link WindowAggregator#finish}
 * reads and changes it: window states keyed by group and window start. The engine implements it
 * over RocksDB (with {@link WindowStateCodec} for the bytes, writes held in the batch's write batch
 * and changelog); {@link WindowedAggregation} implements it in memory.
 *
 * <p>Contract: reads return fresh accumulators the caller may change. Whether reads see the current
 * batch's writes does not matter: the aggregator reads each window before it writes it, and never
 * reads it again in the same batch.
 */
public interface WindowStore {

    /** The stored state of the window {@code key} (fixed windows). */
    Optional<WindowState> get(WindowKey key);

    /** The stored windows of {@code group} (sessions), in any order. */
    List<WindowState> sessions(GroupKey group);

    /**
     * The stored windows of {@code group} that start in {@code [fromMs, untilMs)}, in order of
     * start: a range read (the panes of sliding windows are read this way).
     */
    List<WindowState> range(GroupKey group, long fromMs, long untilMs);

    /**
     * The stored windows that end at or before {@code watermarkMs}, of every group: what the
     * watermark closes. Served from an expiry index, not by scanning all state.
     */
    Iterable<WindowState> expired(long watermarkMs);

    /** Every stored window (complete mode emits them all each batch). */
    Iterable<WindowState> all();

    /** Writes {@code state}, replacing the state stored under the same key. */
    void put(WindowState state);

    /** Deletes the state of the window {@code key}. */
    void delete(WindowKey key);
}
