package io.sluice.processor.pipeline;

import static io.sluice.processor.pipeline.PipelineFixture.INVOICE_COLUMNS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.RowOperator;
import io.sluice.processor.join.LookupJoin;
import io.sluice.processor.join.StaticTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of join steps, with file, line and column, and reference files that load. */
class JoinStepValidationTest {
    /** Lines 1 to 4; the join step is on line 5, its first key on line 6 (column 7). */
    private static final String HEAD =
            """
            name: test
            source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
            sink: {type: console}
            steps:
              - join:
            """;

    private static final String TABLE =
            "      table: {topic: customers, format: json, schema: schemas/customer.avsc}\n";

    private static final String STORES_FILE =
            "      file: {path: stores.jsonl, format: json, schema: schemas/store.avsc}\n";

    private static final String CUSTOMER_SCHEMA =
            """
            {"type": "record", "name": "Customer", "fields": [
              {"name": "CustomerCardNo", "type": "string"},
              {"name": "Name", "type": "string"},
              {"name": "Email", "type": ["null", "string"], "default": null}
            ]}
            """;

    private static final String STORE_SCHEMA =
            """
            {"type": "record", "name": "Store", "fields": [
              {"name": "StoreID", "type": "string"},
              {"name": "StoreName", "type": "string"},
              {"name": "Floors", "type": "int"},
              {"name": "City", "type": "string"}
            ]}
            """;

    private static final String STORES_JSON =
            """
            {"StoreID": "STR7", "StoreName": "Seven", "Floors": 2, "City": "Pune"}
            {"StoreID": "STR8", "StoreName": "Eight", "Floors": 1, "City": "Goa"}
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
        fixture.write("schemas/customer.avsc", CUSTOMER_SCHEMA);
        fixture.write("schemas/store.avsc", STORE_SCHEMA);
        fixture.write("stores.jsonl", STORES_JSON);
    }

    @Test
    void shouldRejectTheFileWhenBothATableAndAFileAreGiven() {
        String yaml = HEAD + TABLE + STORES_FILE + "      on: CustomerCardNo\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "7:7: steps[0].join.file: give table or file, not both;"
                                        + " expected one of them"));
    }

    @Test
    void shouldRejectTheStepWhenNeitherATableNorAFileIsGiven() {
        String yaml = HEAD + "      on: CustomerCardNo\n" + "      type: left\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:7: steps[0].join: no table or file to join; expected table:"
                                        + " {topic, format, schema} or file: {path, format,"
                                        + " schema}"));
    }

    @Test
    void shouldSayWhatAFileIsWhenItIsGivenAsAPath() {
        String yaml = HEAD + "      file: stores.jsonl\n" + "      on: StoreID\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:13: steps[0].join.file: got 'stores.jsonl'; expected a mapping"
                                        + " with path, format and schema, such as {path:"
                                        + " stores.csv, format: csv, schema: store.avsc}"));
    }

    @Test
    void shouldSayWhatATableIsWhenItIsGivenAsATopic() {
        String yaml = HEAD + "      table: customers\n" + "      on: CustomerCardNo\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:14: steps[0].join.table: got 'customers'; expected a mapping"
                                        + " with topic, format and schema"));
    }

    @Test
    void shouldSuggestTheColumnWhenTheOnColumnIsUnknown() {
        String yaml = HEAD + TABLE + "      on: CustomerCardN\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "7:11: steps[0].join.on: unknown column 'CustomerCardN' (did you"
                                        + " mean 'CustomerCardNo'?); columns are: "
                                        + INVOICE_COLUMNS));
    }

    @Test
    void shouldRejectAnOnColumnThatIsNeitherTextNorAWholeNumber() {
        String yaml = HEAD + TABLE + "      on: ItemPrice\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "7:11: steps[0].join.on: column 'ItemPrice' is double; expected a"
                                        + " string, int or long column to look up"));
    }

    @Test
    void shouldSuggestTheTypeWhenTheJoinTypeIsUnknown() {
        String yaml = HEAD + TABLE + "      on: CustomerCardNo\n" + "      type: lfet\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:13: steps[0].join.type: unknown value 'lfet' (did you mean"
                                        + " 'left'?); expected one of inner, left"));
    }

    @Test
    void shouldRejectAnAtColumnWhenTheTableKeepsNoHistory() {
        String yaml = HEAD + TABLE + "      on: CustomerCardNo\n" + "      at: CreatedTime\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:7: steps[0].join.at: only a table with a history keeps"
                                        + " versions to look up at a time; expected history"
                                        + " under table, or no at"));
    }

    @Test
    void shouldRejectAnAtColumnWhenTheJoinIsWithAFile() {
        String yaml = HEAD + STORES_FILE + "      on: StoreID\n" + "      at: CreatedTime\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:7: steps[0].join.at: only a table with a history keeps"
                                        + " versions to look up at a time; expected history"
                                        + " under table, or no at"));
    }

    @Test
    void shouldSuggestTheColumnWhenTheAtColumnIsUnknown() {
        String yaml =
                HEAD
                        + "      table: {topic: customers, format: json,"
                        + " schema: schemas/customer.avsc, history: 1d}\n"
                        + "      on: CustomerCardNo\n"
                        + "      at: CreatedTme\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:11: steps[0].join.at: unknown column 'CreatedTme' (did you"
                                        + " mean 'CreatedTime'?); columns are: "
                                        + INVOICE_COLUMNS));
    }

    @Test
    void shouldRejectAnAtColumnThatIsNotEpochMilliseconds() {
        String yaml =
                HEAD
                        + "      table: {topic: customers, format: json,"
                        + " schema: schemas/customer.avsc, history: 1d}\n"
                        + "      on: CustomerCardNo\n"
                        + "      at: ItemQty\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:11: steps[0].join.at: field 'ItemQty' is int; expected a"
                                        + " non-null long (epoch milliseconds) or"
                                        + " timestamp-millis field"));
    }

    @Test
    void shouldRejectAHistoryOfZero() {
        String yaml =
                HEAD
                        + "      table:\n"
                        + "        topic: customers\n"
                        + "        format: json\n"
                        + "        schema: schemas/customer.avsc\n"
                        + "        history: 0s\n"
                        + "      on: CustomerCardNo\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "10:18: steps[0].join.table.history: a history of zero keeps no"
                                        + " versions; expected a positive duration"));
    }

    @Test
    void shouldSuggestTheColumnWhenAListedTableColumnIsUnknown() {
        String yaml =
                HEAD + TABLE + "      on: CustomerCardNo\n" + "      columns: [Name, Emial]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "8:23: steps[0].join.columns[1]: unknown column 'Emial' (did you"
                                        + " mean 'Email'?); columns are: CustomerCardNo, Name,"
                                        + " Email"));
    }

    @Test
    void shouldRejectATableColumnThatIsAlsoAStreamColumn() {
        // City is an invoice column and a store column; every store column but the key is added
        String yaml = HEAD + STORES_FILE + "      on: StoreID\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:7: steps[0].join: column 'City' is in the stream and in the"
                                        + " table; drop or rename it on the stream's side first,"
                                        + " or list the table columns to add under columns"));
    }

    @Test
    void shouldRejectAReferenceFileThatDoesNotExist() {
        String yaml =
                HEAD
                        + "      file: {path: missing.jsonl, format: json,"
                        + " schema: schemas/store.avsc}\n"
                        + "      on: StoreID\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:20: steps[0].join.file.path: file not found at "
                                        + directory.resolve("missing.jsonl")
                                        + "; expected a readable file"));
    }

    @Test
    void shouldNameTheFileAndLineWhenAReferenceLineDoesNotDecode() {
        fixture.write(
                "bad.jsonl",
                "{\"StoreID\": \"STR7\", \"StoreName\": \"Seven\", \"Floors\": 2, \"City\": \"Pune\"}\n"
                        + "\n"
                        + "{\"StoreID\": \"STR8\", \"StoreName\": \"Eight\", \"Floors\": \"one\","
                        + " \"City\": \"Goa\"}\n");
        String yaml =
                HEAD
                        + "      file: {path: bad.jsonl, format: json, schema: schemas/store.avsc}\n"
                        + "      on: StoreID\n"
                        + "      columns: [StoreName]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:20: steps[0].join.file.path: "
                                        + directory.resolve("bad.jsonl")
                                        + ":3: expected int, got 'one' at field Floors (offset 52);"
                                        + " expected a row of Store"));
    }

    @Test
    void shouldCountTheHeaderLineWhenACsvLineDoesNotDecode() {
        fixture.write(
                "bad.csv",
                "StoreID,StoreName,Floors,City\nSTR7,Seven,2,Pune\nSTR8,Eight,two,Goa\n");
        String yaml =
                HEAD
                        + "      file: {path: bad.csv, format: csv, schema: schemas/store.avsc,"
                        + " options: {header: \"true\"}}\n"
                        + "      on: StoreID\n"
                        + "      columns: [StoreName]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:20: steps[0].join.file.path: "
                                        + directory.resolve("bad.csv")
                                        + ":3: expected int, got 'two' at field Floors (offset 11);"
                                        + " expected a row of Store"));
    }

    @Test
    void shouldRejectAReferenceFileOfAvro() {
        fixture.write("stores.avro", "not read");
        String yaml =
                HEAD
                        + "      file: {path: stores.avro, format: avro, schema: schemas/store.avsc}\n"
                        + "      on: StoreID\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "6:33: steps[0].join.file.format: a file of avro records;"
                                        + " expected json or csv"));
    }

    @Test
    void shouldRejectAFileKeyColumnTheFileDoesNotHave() {
        String yaml =
                HEAD
                        + "      file:\n"
                        + "        path: stores.jsonl\n"
                        + "        format: json\n"
                        + "        schema: schemas/store.avsc\n"
                        + "        key: StoreId\n"
                        + "      on: StoreID\n"
                        + "      columns: [StoreName]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "10:14: steps[0].join.file.key: the file has no key column"
                                        + " 'StoreId' (the on column, unless key names another);"
                                        + " unknown column 'StoreId' (did you mean 'StoreID'?);"
                                        + " columns are: StoreID, StoreName, Floors, City"));
    }

    @Test
    void shouldRejectAFileKeyColumnThatIsNeitherTextNorAWholeNumber() {
        // 7.0 would be looked up as "7.0", which no StoreID "7" ever matches
        fixture.write(
                "schemas/numbered.avsc",
                """
                {"type": "record", "name": "Numbered", "fields": [
                  {"name": "Number", "type": "double"},
                  {"name": "StoreName", "type": "string"}
                ]}
                """);
        fixture.write("numbered.jsonl", "{\"Number\": 7.0, \"StoreName\": \"Seven\"}\n");
        String yaml =
                HEAD
                        + "      file:\n"
                        + "        path: numbered.jsonl\n"
                        + "        format: json\n"
                        + "        schema: schemas/numbered.avsc\n"
                        + "        key: Number\n"
                        + "      on: StoreID\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "10:14: steps[0].join.file.key: the file's key column 'Number' is"
                                        + " double; expected a string, int or long column (keys"
                                        + " are compared as text)"));
    }

    @Test
    void shouldLoadEveryRowOfAJsonLinesFile() {
        String yaml = HEAD + STORES_FILE + "      on: StoreID\n" + "      columns: [StoreName]\n";

        LookupJoin join = onlyJoin(fixture.load(yaml));

        StaticTable stores = (StaticTable) join.table();
        assertThat(stores.size()).isEqualTo(2);
        assertThat(names(stores, "STR8")).containsExactly("Eight Goa");
        assertThat(join).hasToString("inner join file stores.jsonl (2 rows) on StoreID");
    }

    @Test
    void shouldLoadACsvFileByItsHeaderWhenTheHeaderOrdersColumnsOtherwise() {
        fixture.write(
                "stores.csv",
                "City,StoreID,StoreName,Floors\r\n"
                        + "Pune,STR7,Seven,2\r\n"
                        + "Goa,STR8,Eight,1\r\n"
                        + "\r\n"
                        + "\"Navi Mumbai\",STR8,\"Eight, annex\",3\r\n");
        String yaml =
                HEAD
                        + "      file: {path: stores.csv, format: csv, schema: schemas/store.avsc,"
                        + " options: {header: \"true\"}}\n"
                        + "      on: StoreID\n"
                        + "      type: left\n"
                        + "      columns: [StoreName, Floors]\n";

        LookupJoin join = onlyJoin(fixture.load(yaml));

        StaticTable stores = (StaticTable) join.table();
        assertThat(stores.size()).isEqualTo(3);
        assertThat(names(stores, "STR8")).containsExactly("Eight Goa", "Eight, annex Navi Mumbai");
        assertThat(stores.rows("STR7", Long.MAX_VALUE).get(0).get("Floors")).isEqualTo(2);
        assertThat(TypeNames.fields(join.outputSchema()))
                .endsWith("TotalValue double, StoreName nullable string, Floors nullable int");
    }

    @Test
    void shouldReadTheFirstColumnNameWhenACsvFileStartsWithAByteOrderMark() {
        // as spreadsheets save "CSV UTF-8"; the mark once stuck to StoreID, so no row had one
        fixture.write("stores.csv", "\uFEFFStoreID,StoreName,Floors,City\nSTR7,Seven,2,Pune\n");
        String yaml =
                HEAD
                        + "      file: {path: stores.csv, format: csv, schema: schemas/store.avsc,"
                        + " options: {header: \"true\"}}\n"
                        + "      on: StoreID\n"
                        + "      columns: [StoreName]\n";

        LookupJoin join = onlyJoin(fixture.load(yaml));

        assertThat(names((StaticTable) join.table(), "STR7")).containsExactly("Seven Pune");
    }

    @Test
    void shouldAddTheListedTableColumnsNullableInTheirOrderWhenALeftJoinListsThem() {
        String yaml =
                HEAD
                        + TABLE
                        + "      on: CustomerCardNo\n"
                        + "      type: left\n"
                        + "      columns: [Email, Name]\n";

        LookupJoin join = onlyJoin(fixture.load(yaml));

        assertThat(TypeNames.fields(join.outputSchema()))
                .endsWith("TotalValue double, Email nullable string, Name nullable string");
        assertThat(join)
                .hasToString(
                        "left join table customers (json, read to its end before the first"
                                + " batch) on CustomerCardNo");
    }

    private static LookupJoin onlyJoin(CompiledPipeline compiled) {
        List<RowOperator> operators = compiled.plan().operators();
        assertThat(operators).singleElement().isInstanceOf(LookupJoin.class);
        return (LookupJoin) operators.get(0);
    }

    /** The store name and city of each row under {@code key}, in file order. */
    private static List<String> names(StaticTable stores, String key) {
        List<String> names = new ArrayList<>();
        for (GenericRecord row : stores.rows(key, Long.MAX_VALUE)) {
            names.add(row.get("StoreName") + " " + row.get("City"));
        }
        return names;
    }
}
