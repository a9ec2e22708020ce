package io.sluice.processor.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Order-preserving byte encodings of state keys, so that RocksDB's unsigned-lexicographic order is
 * the order operators scan in.
 *
 * <ul>
 *   <li>A <b>window key</b> is {@code escaped(group) | 0x00 0x01 | start}: windows sort by group
 *       bytes (unsigned-lexicographic), then by window start, so {@link #groupLowerBound} and
 *       {@link #groupUpperBound} bound a range scan over one group's windows in time order.
 *   <li>An <b>expiry key</b> is {@code end | stateKey}: an index of state keys by the time their
 *       window ends, so cleanup scans {@code [empty, expiryUpperBound(watermark + 1))} and touches
 *       only what the watermark may drop.
 * </ul>
 *
 * <p>Times are 8 bytes big-endian with the sign bit flipped, so negative epochs sort before
 * positive ones. The group's bytes are escaped ({@code 0x00} becomes {@code 0x00 0xFF}) and ended
 * by {@code 0x00 0x01} rather than length-prefixed: a length prefix would sort groups by length
 * first, where escaping keeps their byte order and makes the encoding prefix-free. The cost is two
 * bytes, plus one per zero byte in the group.
 */
public final class StateKeys {

    /** The bytes of an encoded time. */
    public static final int TIME_BYTES = Long.BYTES;

    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte ESCAPE = 0x00;
    private static final byte ESCAPED_ZERO = (byte) 0xFF;
    private static final byte END_OF_GROUP = 0x01;
    private static final byte AFTER_END_OF_GROUP = 0x02;

    private StateKeys() {}

    /** The key of {@code group}'s window starting at {@code windowStart} (epoch millis). */
    public static byte[] windowKey(byte[] group, long windowStart) {
        byte[] key = new byte[encodedGroupLength(group) + TIME_BYTES];
        int timeAt = putGroup(group, key, END_OF_GROUP);
        putTime(key, timeAt, windowStart);
        return key;
    }

    /** The group of a {@link #windowKey}, unescaped. */
    public static byte[] group(byte[] windowKey) {
        int end = endOfGroup(windowKey);
        int zeros = 0;
        for (int i = 0; i < end; i++) {
            if (windowKey[i] == ESCAPE) {
                zeros++;
                i++; // the 0xFF after an escape is part of it
            }
        }
        byte[] group = new byte[end - zeros];
        int out = 0;
        for (int i = 0; i < end; i++) {
            group[out++] = windowKey[i];
            if (windowKey[i] == ESCAPE) {
                i++;
            }
        }
        return group;
    }

    /** The window start (epoch millis) of a {@link #windowKey}. */
    public static long windowStart(byte[] windowKey) {
        endOfGroup(windowKey); // validates the shape
        return getTime(windowKey, windowKey.length - TIME_BYTES);
    }

    /** The smallest window key of {@code group}: where a range scan over its windows starts. */
    public static byte[] groupLowerBound(byte[] group) {
        byte[] bound = new byte[encodedGroupLength(group)];
        putGroup(group, bound, END_OF_GROUP);
        return bound;
    }

    /** The exclusive end of a range scan over {@code group}'s windows: after all of them. */
    public static byte[] groupUpperBound(byte[] group) {
        byte[] bound = new byte[encodedGroupLength(group)];
        putGroup(group, bound, AFTER_END_OF_GROUP);
        return bound;
    }

    /** The expiry-index key of {@code stateKey}, whose window ends at {@code windowEnd}. */
    public static byte[] expiryKey(long windowEnd, byte[] stateKey) {
        Objects.requireNonNull(stateKey, "stateKey");
        byte[] key = new byte[TIME_BYTES + stateKey.length];
        putTime(key, 0, windowEnd);
        System.arraycopy(stateKey, 0, key, TIME_BYTES, stateKey.length);
        return key;
    }

    /** The window end (epoch millis) of an {@link #expiryKey}. */
    public static long expiryWindowEnd(byte[] expiryKey) {
        requireExpiryKey(expiryKey);
        return getTime(expiryKey, 0);
    }

    /** The state key an {@link #expiryKey} points at. */
    public static byte[] expiryStateKey(byte[] expiryKey) {
        requireExpiryKey(expiryKey);
        return Arrays.copyOfRange(expiryKey, TIME_BYTES, expiryKey.length);
    }

    /**
     * The exclusive end of a range scan over the expiry keys whose window ends before {@code
     * windowEndExclusive}; scan from the empty key, the smallest of all.
     */
    public static byte[] expiryUpperBound(long windowEndExclusive) {
        byte[] bound = new byte[TIME_BYTES];
        putTime(bound, 0, windowEndExclusive);
        return bound;
    }

    private static int encodedGroupLength(byte[] group) {
        Objects.requireNonNull(group, "group");
        int length = group.length + 2;
        for (byte b : group) {
            if (b == ESCAPE) {
                length++;
            }
        }
        return length;
    }

    /** Writes the escaped group and its two-byte end at 0; returns where the end stops. */
    private static int putGroup(byte[] group, byte[] dest, byte end) {
        int out = 0;
        for (byte b : group) {
            dest[out++] = b;
            if (b == ESCAPE) {
                dest[out++] = ESCAPED_ZERO;
            }
        }
        dest[out++] = ESCAPE;
        dest[out++] = end;
        return out;
    }

    /** Where the group's end marker starts; the key must end right after it with a time. */
    private static int endOfGroup(byte[] windowKey) {
        Objects.requireNonNull(windowKey, "windowKey");
        int limit = windowKey.length - TIME_BYTES - 2;
        for (int i = 0; i <= limit; i++) {
            if (windowKey[i] == ESCAPE) {
                if (windowKey[i + 1] == END_OF_GROUP && i == limit) {
                    return i;
                }
                if (windowKey[i + 1] != ESCAPED_ZERO) {
                    break;
                }
                i++;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "not a window key (escaped group, 0x00 0x01, 8-byte start): %s",
                        Arrays.toString(windowKey)));
    }

    private static void requireExpiryKey(byte[] expiryKey) {
        Objects.requireNonNull(expiryKey, "expiryKey");
        if (expiryKey.length < TIME_BYTES) {
            throw new IllegalArgumentException(
                    String.format(
                            "an expiry key starts with an 8-byte window end, got %d bytes",
                            expiryKey.length));
        }
    }

    private static void putTime(byte[] dest, int offset, long epochMillis) {
        BIG_ENDIAN_LONG.set(dest, offset, epochMillis ^ Long.MIN_VALUE);
    }

    private static long getTime(byte[] source, int offset) {
        return (long) BIG_ENDIAN_LONG.get(source, offset) ^ Long.MIN_VALUE;
    }
}
