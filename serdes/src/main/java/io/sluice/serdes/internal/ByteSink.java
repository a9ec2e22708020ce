package io.sluice.serdes.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte sink is an unsynchronized, reusable, growable output buffer: encoders write a record into
 * it, copy the bytes out and reset it, so the buffer itself is allocated once per encoder.
 */
public final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int size;

    /** Creates a sink with the given initial capacity. */
    public ByteSink(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Makes room for {@code extra} more bytes and returns the backing array to write into. */
    public byte[] ensure(int extra) {
        int needed = size + extra;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        return buffer;
    }

    /** The number of bytes written since the last reset. */
    public int size() {
        return size;
    }

    /**
     * Advances the size after writing {@code count} bytes directly into the array from {@link
     * #ensure}.
     */
    public void advance(int count) {
        size += count;
    }

    /** A fresh copy of the bytes written since the last reset. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /**
     * A fresh copy of the bytes written since the last reset, less {@code trailing} bytes at the
     * end.
     */
    public byte[] toByteArray(int trailing) {
        return Arrays.copyOf(buffer, size - trailing);
    }

    /** The last byte written; the sink must not be empty. */
    public byte lastByte() {
        return buffer[size - 1];
    }

    /** Forgets what was written, keeping the buffer. */
    public void reset() {
        size = 0;
    }
}
