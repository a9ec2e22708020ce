package io.sluice.processor.aggregate;

import io.sluice.serdes.Rows;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A value codec writes and reads single values of one Avro schema in Avro binary, in row
 * conventions, for accumulators that keep input values (min, max, first, last, collect_list,
 * count_distinct).
 */
final class ValueCodec {
    private final GenericDatumWriter<Object> writer;
    private final GenericDatumReader<Object> reader;

    ValueCodec(Schema schema) {
        this.writer = new GenericDatumWriter<>(schema, Rows.genericData());
        this.reader = new GenericDatumReader<>(schema, schema, Rows.genericData());
    }

    void write(Object value, Encoder out) throws IOException {
        writer.write(value, out);
    }

    Object read(Decoder in) throws IOException {
        return Rows.normalize(reader.read(null, in));
    }
}
