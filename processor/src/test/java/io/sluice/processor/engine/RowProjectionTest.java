package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Rows cross the repartition topic with only the columns the stateful step reads, and come back as
 * rows of the step's input schema with those columns where the step's expressions look for them.
 */
class RowProjectionTest {
    private static final Schema INVOICE =
            SchemaBuilder.record("Invoice")
                    .fields()
                    .requiredString("InvoiceNumber")
                    .requiredString("StoreID")
                    .requiredString("City")
                    .requiredDouble("TotalValue")
                    .endRecord();
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);

    @Test
    void shouldMoveTheColumnsReadAndGiveThemBackAtTheirPositions() {
        Repartitioner repartitioner =
                repartitioner(Optional.of(positions("StoreID", "TotalValue")));

        ProducerRecord<byte[], byte[]> sent =
                repartitioner.record(input(), invoice("91372973", "STR8505", "Surat", 3387.0), 1L);
        ConsumerRecord<byte[], byte[]> read = MovedRecords.readBack(sent, 1L);
        GenericRecord row = decoded(repartitioner.row(read, MoveHeader.of(read)));

        assertThat(row.getSchema()).isEqualTo(INVOICE);
        assertThat(row.get(INVOICE.getField("StoreID").pos())).isEqualTo("STR8505");
        assertThat(row.get("TotalValue")).isEqualTo(3387.0);
        assertThat(row.get("InvoiceNumber")).isNull();
        assertThat(row.get("City")).isNull();
        assertThat(ExpressionCompiler.compile("TotalValue * 2", INVOICE).evaluate(row))
                .isEqualTo(6774.0);
        assertThat(new String(repartitioner.json(row), StandardCharsets.UTF_8))
                .isEqualTo("{\"StoreID\":\"STR8505\",\"TotalValue\":3387.0}");
    }

    @Test
    void shouldMoveFewerBytesThanTheWholeRow() {
        GenericRecord invoice = invoice("91372973", "STR8505", "Surat", 3387.0);

        int projected =
                repartitioner(Optional.of(positions("StoreID")))
                        .record(input(), invoice, 1L)
                        .value()
                        .length;
        int whole = repartitioner(Optional.empty()).record(input(), invoice, 1L).value().length;

        assertThat(projected).isLessThan(whole);
    }

    @Test
    void shouldMoveWholeRowsForAStepThatNeedsThem() {
        Repartitioner repartitioner = repartitioner(Optional.empty());
        GenericRecord invoice = invoice("91372973", "STR8505", "Surat", 3387.0);

        ConsumerRecord<byte[], byte[]> read =
                MovedRecords.readBack(repartitioner.record(input(), invoice, 1L), 1L);

        assertThat(decoded(repartitioner.row(read, MoveHeader.of(read)))).isEqualTo(invoice);
    }

    @Test
    void shouldReadAWholeRowMovedByAnOlderVersion() {
        Repartitioner repartitioner = repartitioner(Optional.of(positions("StoreID")));
        GenericRecord invoice = invoice("91372973", "STR8505", "Surat", 3387.0);
        byte[] whole = repartitioner(Optional.empty()).record(input(), invoice, 1L).value();
        ConsumerRecord<byte[], byte[]> older =
                MovedRecords.record("moves", 0, 1L, null, whole, new RecordHeaders());

        assertThat(decoded(repartitioner.row(older, MoveHeader.of(older)))).isEqualTo(invoice);
    }

    private static Repartitioner repartitioner(Optional<BitSet> columnsRead) {
        return new Repartitioner(
                "moves",
                2,
                List.of(IN_0),
                List.of(new GroupColumn("StoreID", ExpressionCompiler.compile("StoreID", INVOICE))),
                INVOICE,
                columnsRead,
                Duration.ofSeconds(10));
    }

    private static GenericRecord decoded(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).row();
    }

    private static ConsumerRecord<byte[], byte[]> input() {
        return new ConsumerRecord<>(IN_0.topic(), IN_0.partition(), 0L, null, null);
    }

    private static GenericRecord invoice(String number, String store, String city, double total) {
        GenericRecord row = new GenericData.Record(INVOICE);
        row.put("InvoiceNumber", number);
        row.put("StoreID", store);
        row.put("City", city);
        row.put("TotalValue", total);
        return row;
    }

    private static BitSet positions(String... columns) {
        BitSet set = new BitSet();
        for (String column : columns) {
            set.set(INVOICE.getField(column).pos());
        }
        return set;
    }
}
