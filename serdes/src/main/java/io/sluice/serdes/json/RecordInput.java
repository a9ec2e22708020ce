package io.sluice.serdes.json;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Record input is the stream a long-lived JSON parser reads: it serves the bytes of the current
 * record, then reports the end of input, and is pointed at the next record's bytes before the
 * parser asks again. It also finds content after a record's object, which must be whitespace.
 */
final class RecordInput extends InputStream {

    private byte[] bytes = new byte[0];
    private int position;
    private int end;
    private final TrailingCheck trailing = new TrailingCheck();

    /** Serves {@code record} next. */
    void set(byte[] record) {
        bytes = record;
        position = 0;
        end = record.length;
    }

    /** Holds {@code record} as already read, for a parser that reads the array itself. */
    void setRead(byte[] record) {
        set(record);
        position = end;
    }

    @Override
    public int read() {
        return position < end ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (position >= end) {
            return -1;
        }
        int count = Math.min(length, end - position);
        System.arraycopy(bytes, position, target, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return end - position;
    }

    /**
     * The check for content after a record: fed the parser's unconsumed bytes (through {@code
     * JsonParser.releaseBuffered}), it then also scans the bytes the parser has not read yet.
     */
    TrailingCheck trailing() {
        trailing.firstContent = -1;
        trailing.released = 0;
        return trailing;
    }

    /**
     * Where the first byte that is not JSON whitespace lies, counted from the start of the bytes
     * released to the check and then those not read yet; -1 when there is none.
     */
    int trailingContentIndex() {
        if (trailing.firstContent >= 0) {
            return trailing.firstContent;
        }
        for (int i = position; i < end; i++) {
            if (!TrailingCheck.isWhitespace(bytes[i])) {
                return trailing.released + i - position;
            }
        }
        position = end;
        return -1;
    }

    /** Receives released bytes and notes any that are not JSON whitespace. */
    static final class TrailingCheck extends OutputStream {
        private int firstContent = -1;
        private int released;

        @Override
        public void write(int b) {
            if (firstContent < 0 && !isWhitespace((byte) b)) {
                firstContent = released;
            }
            released++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(buffer[i]);
            }
        }

        static boolean isWhitespace(byte b) {
            return b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }
    }
}
