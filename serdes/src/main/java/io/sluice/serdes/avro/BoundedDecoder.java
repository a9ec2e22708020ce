package io.sluice.serdes.avro;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.util.Utf8;

/**
 * A bounded decoder reads Avro binary from a byte array and refuses any length or item count that
 * the remaining bytes cannot hold, so a corrupt length never turns into a huge allocation.
 *
 * <p>It is reset for each record and used by one thread at a time.
 */
final class BoundedDecoder extends org.apache.avro.io.Decoder {

    private final CharsetDecoder utf8 =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] bytes = new byte[0];
    private int pos;
    private int limit;

    void reset(byte[] input, int offset) {
        this.bytes = input;
        this.pos = offset;
        this.limit = input.length;
    }

    int position() {
        return pos;
    }

    @Override
    public int remainingBytes() {
        return limit - pos;
    }

    private void require(long count) throws EOFException {
        if (count < 0 || count > limit - pos) {
            throw new EOFException(
                    "truncated input: needs "
                            + count
                            + " more bytes at offset "
                            + pos
                            + " but only "
                            + (limit - pos)
                            + " remain");
        }
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        byte b = bytes[pos++];
        if (b != 0 && b != 1) {
            throw new IOException("invalid boolean byte " + b + " at offset " + (pos - 1));
        }
        return b == 1;
    }

    @Override
    public int readInt() throws IOException {
        long n = readVarLong(5);
        int unsigned = (int) n;
        if (n != (unsigned & 0xFFFFFFFFL)) {
            throw new IOException("invalid int encoding at offset " + pos);
        }
        return (unsigned >>> 1) ^ -(unsigned & 1);
    }

    @Override
    public long readLong() throws IOException {
        long n = readVarLong(10);
        return (n >>> 1) ^ -(n & 1);
    }

    private long readVarLong(int maxBytes) throws IOException {
        long result = 0;
        for (int shift = 0, i = 0; i < maxBytes; i++, shift += 7) {
            require(1);
            int b = bytes[pos++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("invalid variable-length number at offset " + pos);
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits =
                (bytes[pos] & 0xFF)
                        | (bytes[pos + 1] & 0xFF) << 8
                        | (bytes[pos + 2] & 0xFF) << 16
                        | (bytes[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (bytes[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    private int readLength() throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new IOException("negative length " + length + " at offset " + pos);
        }
        require(length);
        return (int) length;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength();
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(bytes, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength();
        int start = pos;
        pos += length;
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {
                return decodeUtf8(start, length);
            }
        }
        return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes non-ASCII text strictly: malformed UTF-8 is an error, not a replacement character.
     */
    private String decodeUtf8(int start, int length) throws IOException {
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("invalid UTF-8 in a string at offset " + start);
        }
    }

    @Override
    public void skipString() throws IOException {
        int length =
                readLength(); // read before pos: `pos += readLength()` would add to the old pos
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = readLength();
        byte[] copy = new byte[length];
        System.arraycopy(bytes, pos, copy, 0, length);
        pos += length;
        return ByteBuffer.wrap(copy);
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength();
        pos += length;
    }

    @Override
    public void readFixed(byte[] target, int start, int length) throws IOException {
        require(length);
        System.arraycopy(bytes, pos, target, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipItems();
    }

    @Override
    public long readMapStart() throws IOException {
        return readItemCount();
    }

    @Override
    public long mapNext() throws IOException {
        return readItemCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipItems();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    /**
     * A block's item count; each item takes at least one byte, so more items than bytes is corrupt.
     */
    private long readItemCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            readLong(); // the block's size in bytes, which only skipping needs
            count = -count;
        }
        if (count < 0 || count > limit - pos) {
            throw new EOFException(
                    "truncated input: a block of "
                            + count
                            + " items at offset "
                            + pos
                            + " cannot fit in the "
                            + (limit - pos)
                            + " remaining bytes");
        }
        return count;
    }

    private long skipItems() throws IOException {
        long count = readLong();
        while (count < 0) {
            long size = readLong();
            require(size);
            pos += (int) size;
            count = readLong();
        }
        if (count < 0 || count > limit - pos) {
            throw new EOFException(
                    "truncated input: a block of "
                            + count
                            + " items at offset "
                            + pos
                            + " cannot fit in the "
                            + (limit - pos)
                            + " remaining bytes");
        }
        return count;
    }
}
