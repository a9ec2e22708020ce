package io.sluice.serdes.json;

import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import org.apache.avro.Schema;

/** The JSON format builds JSON row decoders and encoders for a record schema. */
public final class JsonFormat {

    private JsonFormat() {}

    /**
     * A decoder of one JSON object per record into rows of {@code schema}.
     *
     * @throws IllegalArgumentException when the schema is not a record
     */
    public static RowDecoder decoder(Schema schema, JsonOptions options) {
        return new JsonRowDecoder(schema, options);
    }

    /**
     * An encoder of rows of {@code schema} as one compact JSON object per record.
     *
     * @throws IllegalArgumentException when the schema is not a record
     */
    public static RowEncoder encoder(Schema schema, JsonOptions options) {
        return new JsonRowEncoder(schema, options);
    }
}
