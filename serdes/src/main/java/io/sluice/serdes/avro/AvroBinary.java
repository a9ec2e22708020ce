package io.sluice.serdes.avro;

import io.sluice.serdes.internal.ByteSink;

/** Avro binary writes the primitive encodings of the Avro specification into a {@link ByteSink}. */
final class AvroBinary {

    private AvroBinary() {}

    static void writeBoolean(ByteSink sink, boolean value) {
        sink.write(value ? 1 : 0);
    }

    static void writeInt(ByteSink sink, int value) {
        writeLong(sink, value);
    }

    /** Zig-zag variable-length encoding, at most ten bytes. */
    static void writeLong(ByteSink sink, long value) {
        byte[] buf = sink.ensure(10);
        int pos = sink.size();
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[pos++] = (byte) n;
        sink.advance(pos - sink.size());
    }

    static void writeFloat(ByteSink sink, float value) {
        int bits = Float.floatToRawIntBits(value);
        byte[] buf = sink.ensure(4);
        int pos = sink.size();
        buf[pos] = (byte) bits;
        buf[pos + 1] = (byte) (bits >>> 8);
        buf[pos + 2] = (byte) (bits >>> 16);
        buf[pos + 3] = (byte) (bits >>> 24);
        sink.advance(4);
    }

    static void writeDouble(ByteSink sink, double value) {
        long bits = Double.doubleToRawLongBits(value);
        byte[] buf = sink.ensure(8);
        int pos = sink.size();
        for (int i = 0; i < 8; i++) {
            buf[pos + i] = (byte) (bits >>> (8 * i));
        }
        sink.advance(8);
    }

    static void writeBytes(ByteSink sink, byte[] bytes) {
        writeLong(sink, bytes.length);
        sink.write(bytes, 0, bytes.length);
    }

    /**
     * Writes a string as its UTF-8 length and bytes in one pass without an intermediate array: the
     * bytes go where a one-byte length fits and move only when the length needs more. An unpaired
     * surrogate becomes {@code ?}, as {@link String#getBytes} would make it.
     */
    static void writeString(ByteSink sink, String s) {
        int n = s.length();
        byte[] buf = sink.ensure(10 + 3 * n);
        int start = sink.size();
        int ascii = start + 1;
        int i = 0;
        for (; i < n; i++) { // the ASCII run, the common case, in a tight loop
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[ascii + i] = (byte) c;
        }
        int pos = i == n ? ascii + n : encodeRest(s, i, buf, ascii + i);
        int length = pos - start - 1;
        if (length < 64) {
            buf[start] = (byte) (length << 1);
            sink.advance(1 + length);
            return;
        }
        int header = varLongSize((long) length << 1);
        System.arraycopy(buf, start + 1, buf, start + header, length);
        writeLong(sink, length);
        sink.advance(length);
    }

    /**
     * Encodes {@code s} from char {@code from} on into {@code buf} at {@code pos}; returns the end.
     */
    private static int encodeRest(String s, int from, byte[] buf, int pos) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                int cp = surrogatePair(s, i);
                if (cp < 0) {
                    buf[pos++] = '?';
                } else {
                    buf[pos++] = (byte) (0xF0 | (cp >> 18));
                    buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[pos++] = (byte) (0x80 | (cp & 0x3F));
                    i++;
                }
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }

    private static int varLongSize(long zigzag) {
        int size = 1;
        while ((zigzag & ~0x7FL) != 0) {
            zigzag >>>= 7;
            size++;
        }
        return size;
    }

    /** The code point of a valid surrogate pair starting at {@code i}, or -1 when unpaired. */
    private static int surrogatePair(String s, int i) {
        char high = s.charAt(i);
        if (Character.isHighSurrogate(high) && i + 1 < s.length()) {
            char low = s.charAt(i + 1);
            if (Character.isLowSurrogate(low)) {
                return Character.toCodePoint(high, low);
            }
        }
        return -1;
    }
}
