package io.sluice.processor.state;

import java.util.List;

/**
 * One stateful operator's committed state in a task: bytes to bytes, ordered by unsigned
 * lexicographic key order.
 *
 * <p>Writes go through a {@link StateBatch} and {@link TaskStore#commit}; this interface only
 * reads, and it sees committed writes only (ask the batch for the pending ones). A store is used by
 * its task's thread; it stays usable across {@link TaskStore#wipe()} and fails once its task store
 * is closed. Storage errors surface as {@link io.sluice.processor.StateCorruptedException}.
 */
public interface KeyValueStore {

    /** The store's name, as given when its task store was opened. */
    String name();

    /** The value of {@code key}, or null when the store does not hold it. */
    byte[] get(byte[] key);

    /**
     * The values of {@code keys} in one round trip, in the order of {@code keys}, null where the
     * store holds no value; the way to read the keys one micro-batch touched.
     */
    List<byte[]> multiGet(List<byte[]> keys);

    /**
     * A cursor over the keys from {@code fromInclusive} up to but not including {@code
     * toExclusive}.
     *
     * @throws IllegalArgumentException when {@code fromInclusive} sorts after {@code toExclusive}
     */
    KeyValueIterator range(byte[] fromInclusive, byte[] toExclusive);

    /** A cursor over every entry of the store. */
    KeyValueIterator all();
}
