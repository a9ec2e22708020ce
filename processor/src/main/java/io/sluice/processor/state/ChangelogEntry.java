package io.sluice.processor.state;

import java.util.Objects;

/**
 * One record of a store's changelog as restore applies it: a key and its new value, or a tombstone
 * ({@code value == null}) that deletes the key.
 *
 * <p>The arrays are not copied: the caller must not change them after handing them over. Records
 * compare arrays by identity, as records do.
 */
public record ChangelogEntry(byte[] key, byte[] value) {

    public ChangelogEntry {
        Objects.requireNonNull(key, "key");
    }

    /** An entry that sets {@code key} to {@code value}. */
    public static ChangelogEntry put(byte[] key, byte[] value) {
        return new ChangelogEntry(key, Objects.requireNonNull(value, "value"));
    }

    /** An entry that deletes {@code key}. */
    public static ChangelogEntry tombstone(byte[] key) {
        return new ChangelogEntry(key, null);
    }

    /** Whether this entry deletes its key. */
    public boolean isTombstone() {
        return value == null;
    }
}
