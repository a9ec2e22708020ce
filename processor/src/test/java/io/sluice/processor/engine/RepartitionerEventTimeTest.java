package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.window.GroupColumn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Moved rows and watermark markers carry their event time in a header and leave the record
 * timestamp to the producer's clock, so the repartition topic's retention counts from the move and
 * never deletes rows a lagging task has yet to read, however old their event times.
 */
class RepartitionerEventTimeTest {
    private static final long YEARS_AGO_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z
    private static final Schema ROW =
            SchemaBuilder.record("Row").fields().requiredString("key").endRecord();
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);

    private final Repartitioner repartitioner =
            new Repartitioner(
                    "moves",
                    2,
                    List.of(IN_0),
                    List.of(new GroupColumn("key", ExpressionCompiler.compile("key", ROW))),
                    ROW,
                    Optional.empty(),
                    Duration.ofSeconds(10));

    @Test
    void shouldLeaveTheTimestampToTheProducerWhenARowIsMoved() {
        ProducerRecord<byte[], byte[]> moved =
                repartitioner.record(input(), row("a"), YEARS_AGO_MS);

        assertThat(moved.timestamp()).isNull();
        assertThat(Repartitioner.eventTime(MovedRecords.readBack(moved, 1_796_000_000_000L)))
                .isEqualTo(YEARS_AGO_MS);
    }

    @Test
    void shouldLeaveTheTimestampToTheProducerWhenAMarkerTellsHowFarAPartitionGot() {
        repartitioner.record(input(), row("a"), YEARS_AGO_MS);

        List<ProducerRecord<byte[], byte[]>> markers =
                repartitioner.watermarkMarkers(Set.of(IN_0), 1, 0);

        assertThat(markers).hasSize(2).allSatisfy(m -> assertThat(m.timestamp()).isNull());
        assertThat(markers)
                .allSatisfy(
                        m ->
                                assertThat(
                                                Repartitioner.eventTime(
                                                        MovedRecords.readBack(
                                                                m, 1_796_000_000_000L)))
                                        .isEqualTo(YEARS_AGO_MS));
    }

    @Test
    void shouldTakeTheTimestampAsEventTimeWhenARowWasMovedWithoutTheHeader() {
        ConsumerRecord<byte[], byte[]> older =
                new ConsumerRecord<>(
                        "moves",
                        0,
                        7L,
                        YEARS_AGO_MS,
                        TimestampType.CREATE_TIME,
                        0,
                        0,
                        null,
                        new byte[0],
                        new RecordHeaders(),
                        Optional.empty());

        assertThat(Repartitioner.eventTime(older)).isEqualTo(YEARS_AGO_MS);
    }

    private static ConsumerRecord<byte[], byte[]> input() {
        return new ConsumerRecord<>(IN_0.topic(), IN_0.partition(), 0L, null, null);
    }

    private static GenericRecord row(String key) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("key", key);
        return row;
    }
}
