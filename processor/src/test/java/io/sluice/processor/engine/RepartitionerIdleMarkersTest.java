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
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The repartition stage decides which source partitions are idle and tells every task, once. */
class RepartitionerIdleMarkersTest {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final int TASKS = 2;
    private static final Schema ROW =
            SchemaBuilder.record("Row").fields().requiredString("key").endRecord();
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);
    private static final TopicPartition IN_1 = new TopicPartition("in", 1);

    private final Repartitioner repartitioner =
            new Repartitioner(
                    "moves",
                    TASKS,
                    List.of(IN_0, IN_1),
                    List.of(new GroupColumn("key", ExpressionCompiler.compile("key", ROW))),
                    ROW,
                    Optional.empty(),
                    Duration.ofSeconds(10));

    @Test
    void shouldSendAWatermarkMarkerToEveryTaskWhenASourcePartitionMovedRows() {
        repartitioner.record(input(IN_0), row("a"), 5_000);

        List<ProducerRecord<byte[], byte[]>> markers =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 0);

        assertThat(markers).hasSize(TASKS);
        assertThat(markers).allSatisfy(m -> assertThat(eventTime(m)).isEqualTo(5_000L));
        assertThat(markers).noneMatch(RepartitionerIdleMarkersTest::isIdle);
    }

    @Test
    void shouldSayASourcePartitionIsIdleOnceWhenItMovedNoRowsForTheIdleTimeout() {
        repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 0);
        repartitioner.record(input(IN_0), row("a"), 5_000);

        List<ProducerRecord<byte[], byte[]>> first =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 11 * SECOND_NANOS);
        repartitioner.committed();
        List<ProducerRecord<byte[], byte[]>> second =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 30 * SECOND_NANOS);

        assertThat(first.stream().filter(RepartitionerIdleMarkersTest::isIdle))
                .hasSize(TASKS)
                .allSatisfy(m -> assertThat(slot(m)).isEqualTo(1));
        assertThat(second.stream().filter(m -> isIdle(m) && slot(m) == 1)).isEmpty();
    }

    @Test
    void shouldNotSayAPartitionOfAnotherInstanceIsIdleWhenItMovedNothingHere() {
        repartitioner.watermarkMarkers(Set.of(IN_0), 1, 0);

        List<ProducerRecord<byte[], byte[]>> markers =
                repartitioner.watermarkMarkers(Set.of(IN_0), 1, 11 * SECOND_NANOS);

        assertThat(markers).allSatisfy(m -> assertThat(slot(m)).isEqualTo(0));
    }

    @Test
    void shouldSayItAgainWhenTheBatchThatSaidItAborted() {
        repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 0);
        repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 11 * SECOND_NANOS);

        repartitioner.aborted();
        List<ProducerRecord<byte[], byte[]>> replay =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 12 * SECOND_NANOS);

        assertThat(replay.stream().filter(RepartitionerIdleMarkersTest::isIdle)).hasSize(2 * TASKS);
    }

    @Test
    void shouldWaitTheIdleTimeoutAgainAfterARebalance() {
        repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 0);
        repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 1, 11 * SECOND_NANOS);
        repartitioner.committed();

        List<ProducerRecord<byte[], byte[]>> soon =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 2, 12 * SECOND_NANOS);
        List<ProducerRecord<byte[], byte[]>> later =
                repartitioner.watermarkMarkers(Set.of(IN_0, IN_1), 2, 23 * SECOND_NANOS);

        assertThat(soon).isEmpty();
        assertThat(later.stream().filter(RepartitionerIdleMarkersTest::isIdle)).hasSize(2 * TASKS);
    }

    private static ConsumerRecord<byte[], byte[]> input(TopicPartition partition) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), 0L, null, null);
    }

    private static GenericRecord row(String key) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("key", key);
        return row;
    }

    private static boolean isIdle(ProducerRecord<byte[], byte[]> marker) {
        return marker.headers().lastHeader(Repartitioner.IDLE) != null;
    }

    private static long eventTime(ProducerRecord<byte[], byte[]> marker) {
        Header header = marker.headers().lastHeader(Repartitioner.EVENT_TIME);
        return java.nio.ByteBuffer.wrap(header.value()).getLong();
    }

    private static int slot(ProducerRecord<byte[], byte[]> marker) {
        Header header = marker.headers().lastHeader(Repartitioner.SOURCE_SLOT);
        return java.nio.ByteBuffer.wrap(header.value()).getInt();
    }
}
