package io.sluice.processor.state.rocksdb;

import io.sluice.processor.StateCorruptedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The keys and values of a task database's metadata column family: the state format version and,
 * per store, the next changelog offset (8 bytes big-endian) under {@code changelog-offset/<store>}.
 */
final class MetadataKeys {

    /** The column family holding metadata; no store may take its name. */
    static final String FAMILY = "__sluice_meta";

    /** The key of the state format version. */
    static final byte[] FORMAT = "format".getBytes(StandardCharsets.UTF_8);

    /** The format this code writes and reads; a store in another format is rebuilt. */
    static final byte FORMAT_VERSION = 1;

    private static final String OFFSET_PREFIX = "changelog-offset/";

    private MetadataKeys() {}

    /** The key of {@code store}'s next changelog offset. */
    static byte[] offsetKey(String store) {
        return (OFFSET_PREFIX + store).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encodeOffset(long offset) {
        return ByteBuffer.allocate(Long.BYTES).putLong(offset).array();
    }

    static long decodeOffset(String store, byte[] value) {
        if (value.length != Long.BYTES) {
            throw new StateCorruptedException(
                    String.format(
                            "the changelog offset of store %s is %d bytes, not 8",
                            store, value.length));
        }
        return ByteBuffer.wrap(value).getLong();
    }

    /** The format version value this code writes. */
    static byte[] formatValue() {
        return new byte[] {FORMAT_VERSION};
    }

    /** Whether a stored format version value is the one this code reads. */
    static boolean isCurrentFormat(byte[] value) {
        return value.length == 1 && value[0] == FORMAT_VERSION;
    }
}
