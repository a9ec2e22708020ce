package io.sluice.processor.state;

/**
 * A cursor over the entries of a store in unsigned-lexicographic key order; it holds native
 * resources, so close it (try-with-resources).
 *
 * <pre>{@code
 * try (KeyValueIterator it = store.range(from, until)) {
 *     while (it.next()) {
 *         use(it.key(), it.value());
 *     }
 * }
 * }</pre>
 *
 * <p>The cursor sees the store as it was when the cursor was created. It is used by one thread; a
 * cursor still open when its store closes or is wiped is closed with it.
 */
public interface KeyValueIterator extends AutoCloseable {

    /** Moves to the next entry (the first, on the first call); false when there is none left. */
    boolean next();

    /** The key of the current entry, a new array on every call. */
    byte[] key();

    /** The value of the current entry, a new array on every call. */
    byte[] value();

    /** Releases the cursor; calling it again does nothing. */
    @Override
    void close();
}
