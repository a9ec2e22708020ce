package io.sluice.serdes.avro;

import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro body reader decodes the Avro binary body of a record, after any header, and turns every
 * failure into a decode error that names the field and the byte offset.
 */
final class AvroBodyReader {

    private final BoundedDecoder decoder = new BoundedDecoder();

    DecodeResult read(RowDatumReader reader, byte[] bytes, int offset) {
        try {
            decoder.reset(bytes, offset);
            Object row = reader.read(null, decoder);
            if (decoder.remainingBytes() != 0) {
                return new DecodeResult.DecodeError(
                        decoder.remainingBytes() + " unexpected bytes after the record",
                        "",
                        decoder.position());
            }
            return new DecodeResult.Decoded((GenericRecord) row);
        } catch (FieldFailure f) {
            return new DecodeResult.DecodeError(f.reason(), f.fieldPath(), decoder.position());
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new DecodeResult.DecodeError(RowDatumReader.describe(e), "", decoder.position());
        }
    }
}
