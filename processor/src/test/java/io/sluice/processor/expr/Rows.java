package io.sluice.processor.expr;

import io.sluice.processor.TestResources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Test rows: an invoice as in the sample data, and an order with nested and odd types. */
final class Rows {
    static final Schema INVOICE =
            new Schema.Parser().parse(TestResources.text("schemas/invoice.avsc"));

    static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Order", "fields": [
                              {"name": "id", "type": "string"},
                              {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                                {"name": "street", "type": "string"},
                                {"name": "city", "type": "string"},
                                {"name": "zip", "type": ["null", "string"]},
                                {"name": "geo", "type": {"type": "record", "name": "Geo", "fields": [
                                  {"name": "lat", "type": "double"}]}}
                              ]}},
                              {"name": "billing", "type": ["null", "Address"], "default": null},
                              {"name": "tags", "type": {"type": "array", "items": "string"}},
                              {"name": "attributes", "type": {"type": "map", "values": "string"}},
                              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "DONE"]}},
                              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                              {"name": "weight", "type": "float"},
                              {"name": "paid", "type": "boolean"},
                              {"name": "units", "type": "long"},
                              {"name": "note", "type": ["null", "string"], "default": null},
                              {"name": "discount", "type": ["null", "double"], "default": null},
                              {"name": "from", "type": "int"}
                            ]}
                            """);

    /** 2020-07-25T14:55:03.576Z, the creation time of the first sample invoice. */
    static final long CREATED = 1595688903576L;

    private Rows() {}

    /** The first invoice of the sample data: a PRIME customer in Surat, 3 items of 1129.0. */
    static GenericRecord invoice() {
        GenericData.Record row = new GenericData.Record(INVOICE);
        row.put("InvoiceNumber", "91372973");
        row.put("CreatedTime", CREATED);
        row.put("StoreID", "STR8505");
        row.put("PosID", "POS120");
        row.put("CustomerType", "PRIME");
        row.put("CustomerCardNo", "6847933272");
        row.put("PaymentMethod", "CARD");
        row.put("DeliveryType", "HOME-DELIVERY");
        row.put("City", "Surat");
        row.put("State", "Gujarat");
        row.put("PinCode", "395003");
        row.put("ItemCode", "258");
        row.put("ItemDescription", "Closet Organizer");
        row.put("ItemPrice", 1129.0);
        row.put("ItemQty", 3);
        row.put("TotalValue", 3387.0);
        return row;
    }

    /** The first invoice, with no customer card. */
    static GenericRecord invoiceWithoutCard() {
        GenericRecord row = invoice();
        row.put("CustomerCardNo", null);
        return row;
    }

    /** An order to Mumbai with a nested address, tags, an enum, a decimal and a date. */
    static GenericRecord order() {
        Schema addressSchema = ORDER.getField("address").schema();
        GenericData.Record geo = new GenericData.Record(addressSchema.getField("geo").schema());
        geo.put("lat", 19.07);
        GenericData.Record address = new GenericData.Record(addressSchema);
        address.put("street", "1 Marine Drive");
        address.put("city", "Mumbai");
        address.put("zip", null);
        address.put("geo", geo);
        GenericData.Record row = new GenericData.Record(ORDER);
        row.put("id", "o-1");
        row.put("address", address);
        row.put("billing", null);
        row.put("tags", List.of("gift", "express"));
        row.put("attributes", Map.of("channel", "web"));
        row.put("status", new GenericData.EnumSymbol(ORDER.getField("status").schema(), "NEW"));
        row.put("amount", new BigDecimal("12.50"));
        row.put("day", 18468); // 2020-07-25
        row.put("weight", 1.5f);
        row.put("paid", true);
        row.put("units", 5_000_000_000L);
        row.put("note", null);
        row.put("discount", null);
        row.put("from", 7);
        return row;
    }

    /** The value of {@code sql} on {@code row}. */
    static Object eval(String sql, GenericRecord row) {
        return ExpressionCompiler.compile(sql, row.getSchema()).evaluate(row);
    }

    /** The value of {@code sql} on the first invoice. */
    static Object onInvoice(String sql) {
        return eval(sql, invoice());
    }

    /** The value of {@code sql} on the order. */
    static Object onOrder(String sql) {
        return eval(sql, order());
    }
}
