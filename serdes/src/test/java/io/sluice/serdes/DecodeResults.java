package io.sluice.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.generic.GenericRecord;

/** Decode results unwraps decode results in tests, failing with the error when there is one. */
public final class DecodeResults {

    private DecodeResults() {}

    /** The decoded row; fails the test with the error message when decoding failed. */
    public static GenericRecord row(DecodeResult result) {
        if (result instanceof DecodeResult.DecodeError error) {
            throw new AssertionError("expected a row, got error: " + error.message());
        }
        return ((DecodeResult.Decoded) result).row();
    }

    /** The decode error; fails the test when decoding succeeded. */
    public static DecodeResult.DecodeError error(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.DecodeError.class);
        return (DecodeResult.DecodeError) result;
    }
}
