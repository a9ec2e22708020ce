package io.sluice.processor.operator;

import io.sluice.processor.RowOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Schemas and rows for operator tests: a small order with an array of items. */
final class TestRows {
    static final Schema ITEM =
            SchemaBuilder.record("Item")
                    .fields()
                    .requiredString("Code")
                    .requiredInt("Qty")
                    .endRecord();

    static final Schema ORDER =
            SchemaBuilder.record("Order")
                    .fields()
                    .requiredString("OrderId")
                    .optionalString("CardNo")
                    .requiredDouble("Total")
                    .name("Items")
                    .type()
                    .nullable()
                    .array()
                    .items(ITEM)
                    .noDefault()
                    .endRecord();

    private TestRows() {}

    static GenericData.Record item(String code, int qty) {
        GenericData.Record item = new GenericData.Record(ITEM);
        item.put("Code", code);
        item.put("Qty", qty);
        return item;
    }

    static GenericData.Record order(String id, String cardNo, double total, List<?> items) {
        GenericData.Record order = new GenericData.Record(ORDER);
        order.put("OrderId", id);
        order.put("CardNo", cardNo);
        order.put("Total", total);
        order.put("Items", items);
        return order;
    }

    /** Runs {@code operator} over {@code rows} and returns what it emitted, in order. */
    static List<GenericRecord> run(RowOperator operator, GenericRecord... rows) {
        List<GenericRecord> out = new ArrayList<>();
        for (GenericRecord row : rows) {
            operator.process(row, out::add);
        }
        return out;
    }

    /** A record of {@code schema} with {@code values} in field order. */
    static GenericData.Record record(Schema schema, Object... values) {
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < values.length; i++) {
            record.put(i, values[i]);
        }
        return record;
    }
}
