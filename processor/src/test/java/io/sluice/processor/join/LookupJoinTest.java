package io.sluice.processor.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The lookup join over a static table of stores: output rows of inner and left joins, keys that
 * match several rows or none, keys of other types matched by text, the output schema, and the
 * errors that name a missing or clashing column.
 */
class LookupJoinTest {
    private static final Schema SALE =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Sale", "fields": [
                              {"name": "SaleId", "type": "string"},
                              {"name": "StoreID", "type": ["null", "string"], "default": null},
                              {"name": "Qty", "type": "int"},
                              {"name": "At", "type": "long"},
                              {"name": "AtMicros",
                               "type": {"type": "long", "logicalType": "timestamp-micros"}}
                            ]}
                            """);

    private static final Schema STORE =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Store", "fields": [
                              {"name": "StoreID", "type": ["null", "string"]},
                              {"name": "Name", "type": "string"},
                              {"name": "City", "type": ["string", "null"], "default": "?"},
                              {"name": "Region", "type": ["null", "string"], "default": null}
                            ]}
                            """);

    private static final Schema NUMBERED_SALE =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "NumberedSale", "fields": [
                              {"name": "SaleId", "type": "string"},
                              {"name": "StoreNo", "type": "int"},
                              {"name": "Till", "type": "long"}
                            ]}
                            """);

    private static final Schema NUMBERED_STORE =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "NumberedStore", "fields": [
                              {"name": "StoreNo", "type": "long"},
                              {"name": "Name", "type": "string"}
                            ]}
                            """);

    private final StaticTable stores =
            StaticTable.of(
                    "stores.csv",
                    STORE,
                    "StoreID",
                    List.of(
                            store("ST1", "Alpha", "Paris", "North"),
                            store("ST2", "Beta", null, null),
                            store("ST3", "Gamma", "Lyon", "South"),
                            store("ST2", "Beta Annex", "Nice", "South"),
                            store(null, "Nowhere", "Void", null)));

    @Test
    void shouldEmitOnlyMatchedRowsWhenTheJoinIsInner() {
        LookupJoin join = join(JoinType.INNER, List.of());

        List<String> out = run(join, sale("S1", "ST1"), sale("S2", "ST9"), sale("S3", "ST3"));

        assertThat(out)
                .containsExactly(
                        "S1 ST1 1 1000 1000000 Alpha Paris North",
                        "S3 ST3 1 1000 1000000 Gamma Lyon South");
    }

    @Test
    void shouldEmitUnmatchedRowsWithNullTableColumnsWhenTheJoinIsLeft() {
        LookupJoin join = join(JoinType.LEFT, List.of());

        List<String> out = run(join, sale("S1", "ST1"), sale("S2", "ST9"), sale("S3", "ST3"));

        assertThat(out)
                .containsExactly(
                        "S1 ST1 1 1000 1000000 Alpha Paris North",
                        "S2 ST9 1 1000 1000000 null null null",
                        "S3 ST3 1 1000 1000000 Gamma Lyon South");
    }

    @Test
    void shouldEmitOneRowPerMatchInFileOrderWhenAKeyHasSeveralRows() {
        LookupJoin join = join(JoinType.INNER, List.of());

        List<String> out = run(join, sale("S1", "ST2"));

        assertThat(out)
                .containsExactly(
                        "S1 ST2 1 1000 1000000 Beta null null",
                        "S1 ST2 1 1000 1000000 Beta Annex Nice South");
    }

    @Test
    void shouldEmitTheRowWithNullTableColumnsWhenTheKeyIsNullInALeftJoin() {
        LookupJoin join = join(JoinType.LEFT, List.of());

        List<String> out = run(join, sale("S1", null));

        // the file row with a null key matches nothing either
        assertThat(out).containsExactly("S1 null 1 1000 1000000 null null null");
    }

    @Test
    void shouldEmitNothingWhenTheKeyIsNullInAnInnerJoin() {
        LookupJoin join = join(JoinType.INNER, List.of());

        List<String> out = run(join, sale("S1", null));

        assertThat(out).isEmpty();
    }

    @Test
    void shouldMatchByTextWhenTheStreamKeyIsAnIntAndTheTableKeyALong() {
        StaticTable numbered =
                StaticTable.of(
                        "stores.jsonl",
                        NUMBERED_STORE,
                        "StoreNo",
                        List.of(numberedStore(7L, "Seven"), numberedStore(42L, "Answer")));
        LookupJoin join =
                LookupJoin.of(
                        NUMBERED_SALE,
                        numbered,
                        JoinType.LEFT,
                        "StoreNo",
                        "StoreNo",
                        List.of(),
                        null,
                        "out");

        List<String> out = run(join, numberedSale("S1", 42, 1L), numberedSale("S2", 8, 2L));

        assertThat(out).containsExactly("S1 42 1 Answer", "S2 8 2 null");
    }

    @Test
    void shouldMatchByTextWhenTheStreamKeyIsALongAndTheTableKeyAString() {
        StaticTable byText =
                StaticTable.of(
                        "tills.csv",
                        STORE,
                        "StoreID",
                        List.of(
                                store("7", "Seven", "Paris", null),
                                store("07", "Zero", null, null)));
        LookupJoin join =
                LookupJoin.of(
                        NUMBERED_SALE,
                        byText,
                        JoinType.INNER,
                        "Till",
                        "StoreID",
                        List.of("Name"),
                        null,
                        "out");

        List<String> out = run(join, numberedSale("S1", 1, 7L));

        assertThat(out).containsExactly("S1 1 7 Seven");
    }

    @Test
    void shouldPutStreamColumnsThenTableColumnsWithoutTheKeyWhenTheJoinIsInner() {
        LookupJoin join = join(JoinType.INNER, List.of());

        Schema schema = join.outputSchema();

        assertThat(schema.getFullName()).isEqualTo("out");
        assertThat(fieldTypes(schema))
                .containsExactly(
                        "SaleId \"string\"",
                        "StoreID [\"null\",\"string\"]",
                        "Qty \"int\"",
                        "At \"long\"",
                        "AtMicros {\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
                        "Name \"string\"",
                        "City [\"string\",\"null\"]",
                        "Region [\"null\",\"string\"]");
        assertThat(schema.getField("City").defaultVal()).isEqualTo("?");
    }

    @Test
    void shouldMakeTableColumnsNullableWithDefaultNullWhenTheJoinIsLeft() {
        LookupJoin join = join(JoinType.LEFT, List.of());

        Schema schema = join.outputSchema();

        assertThat(fieldTypes(schema))
                .containsExactly(
                        "SaleId \"string\"",
                        "StoreID [\"null\",\"string\"]",
                        "Qty \"int\"",
                        "At \"long\"",
                        "AtMicros {\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}",
                        "Name [\"null\",\"string\"]",
                        "City [\"null\",\"string\"]",
                        "Region [\"null\",\"string\"]");
        for (String column : List.of("Name", "City", "Region")) {
            assertThat(schema.getField(column).defaultVal())
                    .as(column)
                    .isEqualTo(JsonProperties.NULL_VALUE);
        }
    }

    @Test
    void shouldAddTheListedColumnsInTheirOrderWhenColumnsAreGiven() {
        LookupJoin join = join(JoinType.INNER, List.of("Region", "Name"));

        List<String> out = run(join, sale("S1", "ST1"));

        assertThat(fieldNames(join.outputSchema()))
                .containsExactly("SaleId", "StoreID", "Qty", "At", "AtMicros", "Region", "Name");
        assertThat(out).containsExactly("S1 ST1 1 1000 1000000 North Alpha");
    }

    @Test
    void shouldShareTheStreamRowsValuesWhenJoining() {
        LookupJoin join = join(JoinType.INNER, List.of("Name"));
        GenericRecord sale = sale("S1", "ST1");

        List<GenericRecord> out = new ArrayList<>();
        join.process(sale, out::add);

        assertThat(out).singleElement().isNotSameAs(sale);
        assertThat(out.get(0).get("SaleId")).isSameAs(sale.get("SaleId"));
    }

    @Test
    void shouldRejectATableColumnThatIsAlsoAStreamColumn() {
        // StoreID is the stream's and, listed explicitly, the table's too
        assertThatThrownBy(() -> join(JoinType.LEFT, List.of("Name", "StoreID")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "column 'StoreID' is in the stream and in the table; drop or rename it on"
                                + " the stream's side first, or list the table columns to add"
                                + " under columns");
    }

    @Test
    void shouldRejectACollisionWithAColumnOtherThanTheKeyWhenAllColumnsAreAdded() {
        StaticTable tills =
                StaticTable.of(
                        "tills.csv", NUMBERED_SALE, "SaleId", List.of(numberedSale("T1", 1, 1L)));

        assertThatThrownBy(
                        () ->
                                LookupJoin.of(
                                        NUMBERED_SALE,
                                        tills,
                                        JoinType.INNER,
                                        "SaleId",
                                        "SaleId",
                                        List.of(),
                                        null,
                                        "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column 'StoreNo' is in the stream and in the table;");
    }

    @Test
    void shouldRejectAStreamKeyColumnThatIsMissing() {
        assertThatThrownBy(
                        () ->
                                LookupJoin.of(
                                        SALE,
                                        stores,
                                        JoinType.INNER,
                                        "StoreId",
                                        "StoreID",
                                        List.of(),
                                        null,
                                        "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream has no column 'StoreId'");
    }

    @Test
    void shouldRejectAListedTableColumnThatIsMissing() {
        assertThatThrownBy(() -> join(JoinType.INNER, List.of("Town")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the table has no column 'Town'");
    }

    @Test
    void shouldRejectAnAtColumnThatIsMissing() {
        assertThatThrownBy(() -> joinAt("CreatedTime"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stream has no column 'CreatedTime' of event time");
    }

    @Test
    void shouldRejectAnAtColumnThatIsNotALong() {
        assertThatThrownBy(() -> joinAt("Qty"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "column 'Qty' is int; expected a non-null long (epoch milliseconds) or"
                                + " timestamp-millis column of event time");
    }

    @Test
    void shouldRejectAnAtColumnThatIsNullable() {
        assertThatThrownBy(() -> joinAt("StoreID"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "column 'StoreID' is nullable string; expected a non-null long (epoch"
                                + " milliseconds) or timestamp-millis column of event time");
    }

    @Test
    void shouldRejectAnAtColumnOfMicrosecondsWhenVersionsAreByMilliseconds() {
        assertThatThrownBy(() -> joinAt("AtMicros"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "column 'AtMicros' is timestamp-micros; expected a non-null long (epoch"
                                + " milliseconds) or timestamp-millis column of event time");
    }

    @Test
    void shouldLookUpAtTheRowsEventTimeWhenAnAtColumnIsGiven() {
        List<Long> times = new ArrayList<>();
        LookupJoin join =
                LookupJoin.of(
                        SALE,
                        recording(times),
                        JoinType.LEFT,
                        "StoreID",
                        "StoreID",
                        List.of(),
                        "At",
                        "out");

        join.process(sale("S1", "ST1"), row -> {});

        assertThat(times).containsExactly(1000L);
    }

    @Test
    void shouldLookUpTheLatestRowsWhenNoAtColumnIsGiven() {
        List<Long> times = new ArrayList<>();
        LookupJoin join =
                LookupJoin.of(
                        SALE,
                        recording(times),
                        JoinType.LEFT,
                        "StoreID",
                        "StoreID",
                        List.of(),
                        null,
                        "out");

        join.process(sale("S1", "ST1"), row -> {});

        assertThat(times).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void shouldDescribeTheTypeTableAndKeyWhenPrinted() {
        LookupJoin join = join(JoinType.LEFT, List.of());

        assertThat(join).hasToString("left join file stores.csv (5 rows) on StoreID");
    }

    private LookupJoin join(JoinType type, List<String> columns) {
        return LookupJoin.of(SALE, stores, type, "StoreID", "StoreID", columns, null, "out");
    }

    private LookupJoin joinAt(String atColumn) {
        return LookupJoin.of(
                SALE, stores, JoinType.LEFT, "StoreID", "StoreID", List.of(), atColumn, "out");
    }

    /** A table of stores that records the times it is read at and matches nothing. */
    private static TableLookup recording(List<Long> times) {
        return new TableLookup() {
            @Override
            public Schema schema() {
                return STORE;
            }

            @Override
            public List<GenericRecord> rows(String key, long atMs) {
                times.add(atMs);
                return List.of();
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
    }

    private static List<String> run(LookupJoin join, GenericRecord... rows) {
        List<String> out = new ArrayList<>();
        for (GenericRecord row : rows) {
            join.process(row, joined -> out.add(text(joined)));
        }
        return out;
    }

    private static String text(GenericRecord row) {
        List<String> values = new ArrayList<>();
        for (Schema.Field field : row.getSchema().getFields()) {
            values.add(String.valueOf(row.get(field.pos())));
        }
        return String.join(" ", values);
    }

    private static List<String> fieldNames(Schema schema) {
        List<String> names = new ArrayList<>();
        schema.getFields().forEach(f -> names.add(f.name()));
        return names;
    }

    private static List<String> fieldTypes(Schema schema) {
        List<String> types = new ArrayList<>();
        schema.getFields().forEach(f -> types.add(f.name() + " " + f.schema()));
        return types;
    }

    private static GenericRecord sale(String id, String storeId) {
        GenericData.Record sale = new GenericData.Record(SALE);
        sale.put("SaleId", id);
        sale.put("StoreID", storeId);
        sale.put("Qty", 1);
        sale.put("At", 1000L);
        sale.put("AtMicros", 1_000_000L);
        return sale;
    }

    private static GenericRecord store(String id, String name, String city, String region) {
        GenericData.Record store = new GenericData.Record(STORE);
        store.put("StoreID", id);
        store.put("Name", name);
        store.put("City", city);
        store.put("Region", region);
        return store;
    }

    private static GenericRecord numberedSale(String id, int storeNo, long till) {
        GenericData.Record sale = new GenericData.Record(NUMBERED_SALE);
        sale.put("SaleId", id);
        sale.put("StoreNo", storeNo);
        sale.put("Till", till);
        return sale;
    }

    private static GenericRecord numberedStore(long storeNo, String name) {
        GenericData.Record store = new GenericData.Record(NUMBERED_STORE);
        store.put("StoreNo", storeNo);
        store.put("Name", name);
        return store;
    }
}
