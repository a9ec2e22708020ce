package io.sluice.processor.state;

/**
 * What a {@link StateBatch} holds for one key: a new value, a deletion, or nothing ({@link
 * #ABSENT}, then the committed store decides).
 *
 * <p>Java 17 has no pattern switch; test with {@code instanceof Pending.Put put} and {@code ==
 * Pending.DELETED}. {@link StateBatch#lookup} returns the stored instances, so it allocates
 * nothing.
 */
public sealed interface Pending permits Pending.Put, Pending.Deleted, Pending.Absent {

    /** The key is deleted in the batch. */
    Pending DELETED = new Deleted();

    /** The batch does not touch the key. */
    Pending ABSENT = new Absent();

    /** The batch sets the key to {@code value} (not copied). */
    record Put(byte[] value) implements Pending {}

    /** The batch deletes the key; use {@link Pending#DELETED}. */
    record Deleted() implements Pending {}

    /** The batch does not touch the key; use {@link Pending#ABSENT}. */
    record Absent() implements Pending {}
}
