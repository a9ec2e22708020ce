package io.sluice.processor.engine;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The one header a moved row carries: its format, its source partition's watermark slot, where it
 * was read (partition and offset) and its event time, as 25 bytes (a version byte, then two
 * big-endian ints and two longs). Version 1: the value holds the columns of the row that the
 * stateful step reads ({@link RowProjection}).
 *
 * <p>It replaces five headers with text keys (the slot, the event time and the three source headers
 * of {@link DeadLetters}), whose keys were written, parsed and compared for every row twice over:
 * about 150 bytes a row on the wire and a fifth of the batch thread's time on a repartitioned
 * pipeline. Rows moved before it existed still carry those headers, and are read as before.
 */
final class MoveHeader {
    /** The header's key. */
    static final String KEY = "sluice.move";

    private static final byte VERSION = 1;
    private static final int SIZE = 25;

    private MoveHeader() {}

    /** The header's value for a row of {@code slot}, read at {@code partition}/{@code offset}. */
    static byte[] encode(int slot, int partition, long offset, long eventTimeMs) {
        return ByteBuffer.allocate(SIZE)
                .put(VERSION)
                .putInt(slot)
                .putInt(partition)
                .putLong(offset)
                .putLong(eventTimeMs)
                .array();
    }

    /**
     * The header's value on {@code moved}, or null when it has none (moved by an older version).
     */
    static byte[] of(ConsumerRecord<byte[], byte[]> moved) {
        Header header = moved.headers().lastHeader(KEY);
        byte[] value = header == null ? null : header.value();
        return value == null || value.length != SIZE || value[0] != VERSION ? null : value;
    }

    static int slot(byte[] value) {
        return ByteBuffer.wrap(value).getInt(1);
    }

    static int partition(byte[] value) {
        return ByteBuffer.wrap(value).getInt(5);
    }

    static long offset(byte[] value) {
        return ByteBuffer.wrap(value).getLong(9);
    }

    static long eventTime(byte[] value) {
        return ByteBuffer.wrap(value).getLong(17);
    }
}
