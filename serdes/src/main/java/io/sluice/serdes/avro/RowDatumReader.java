package io.sluice.serdes.avro;

import io.sluice.serdes.Rows;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.ResolvingDecoder;

/**
 * A row datum reader is Avro's generic reader, resolving a writer schema to the row schema, that
 * produces values in row conventions (Strings, not Utf8; decimals as BigDecimal) and names the
 * field where reading failed.
 */
final class RowDatumReader extends GenericDatumReader<Object> {

    RowDatumReader(Schema writer, Schema reader) {
        super(writer, reader, Rows.genericData());
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
        return in.readString();
    }

    @Override
    protected Object readString(Object old, Decoder in) throws IOException {
        return in.readString();
    }

    @Override
    protected Object read(Object old, Schema expected, ResolvingDecoder in) throws IOException {
        Object value = super.read(old, expected, in);
        if (value instanceof BigDecimal
                && expected.getLogicalType() instanceof LogicalTypes.Decimal) {
            int precision = ((LogicalTypes.Decimal) expected.getLogicalType()).getPrecision();
            if (((BigDecimal) value).precision() > precision) {
                throw new FieldFailure(
                        "decimal " + value + " has more than " + precision + " digits");
            }
        }
        return value;
    }

    @Override
    protected void readField(
            Object record, Schema.Field field, Object oldDatum, ResolvingDecoder in, Object state)
            throws IOException {
        try {
            super.readField(record, field, oldDatum, in, state);
        } catch (FieldFailure f) {
            throw f.inField(field.name());
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | ArithmeticException e) {
            throw new FieldFailure(describe(e)).inField(field.name());
        }
    }

    static String describe(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return e.getMessage() == null ? "truncated input" : e.getMessage();
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "invalid Avro data: an enum or union index is out of range ("
                    + e.getMessage()
                    + ")";
        }
        return "invalid Avro data: " + e.getMessage();
    }
}
