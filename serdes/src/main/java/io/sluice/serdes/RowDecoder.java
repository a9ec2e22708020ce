package io.sluice.serdes;

import java.util.BitSet;

/**
 * A row decoder turns the bytes of one record into a row of a fixed Avro schema.
 *
 * <p>Contract: {@link #decode} never throws on bad input; every failure, including truncated,
 * malformed or hostile bytes, comes back as a {@link DecodeResult.DecodeError}. The one exception
 * is about the world, not the bytes: a decoder whose writer schemas come from a registry throws
 * {@link SchemaSourceUnavailableException} while the registry cannot answer. An instance keeps
 * scratch state, so it is used by one thread at a time; make one per thread or task.
 */
public interface RowDecoder {

    /** Decodes one record; the bytes are not retained after the call returns. */
    DecodeResult decode(byte[] bytes);

    /**
     * A decoder of the same records that reads only the top-level columns set in {@code columns}:
     * the other columns stay null, and their values are skipped without being checked, as Spark's
     * column pruning skips them. A decoder that cannot skip columns returns itself, reading all.
     */
    default RowDecoder readingOnly(BitSet columns) {
        return this;
    }
}
