package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.window.GroupColumn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A moved row says in one binary header which source partition it came from (its watermark slot),
 * where it was read and its event time; its dead letter still names the original topic, partition
 * and offset, and rows moved with the older text headers are read as before.
 */
class RepartitionerMoveHeaderTest {
    private static final Schema ROW =
            SchemaBuilder.record("Row").fields().requiredString("key").endRecord();
    private static final long EVENT_TIME = 1_595_689_200_000L;
    private static final long NOW_MS = 1_796_000_000_000L;

    @Test
    void shouldCarryTheSlotWhereTheRowWasReadAndItsEventTimeInOneHeader() {
        Repartitioner repartitioner = repartitioner(List.of(tp("in", 0), tp("in", 1)));

        ProducerRecord<byte[], byte[]> moved =
                repartitioner.record(input("in", 1, 4_711L), row("a"), EVENT_TIME);

        assertThat(moved.headers().toArray())
                .extracting(Header::key)
                .containsExactly(MoveHeader.KEY);
        ConsumerRecord<byte[], byte[]> read = MovedRecords.readBack(moved, NOW_MS);
        byte[] move = MoveHeader.of(read);
        assertThat(repartitioner.sourceSlot(read)).isEqualTo(1);
        assertThat(repartitioner.sourceSlot(move)).isEqualTo(1);
        assertThat(Repartitioner.eventTime(read)).isEqualTo(EVENT_TIME);
        assertThat(repartitioner.origin(read, move))
                .isEqualTo(new DeadLetters.Origin("in", 1, 4_711L));
    }

    @Test
    void shouldNameTheSourceTopicOfARowWhenThePipelineReadsSeveralTopics() {
        Repartitioner repartitioner = repartitioner(List.of(tp("a", 0), tp("b", 0)));

        ConsumerRecord<byte[], byte[]> read =
                MovedRecords.readBack(
                        repartitioner.record(input("b", 0, 9L), row("x"), EVENT_TIME), NOW_MS);

        assertThat(repartitioner.sourceSlot(read)).isEqualTo(1);
        assertThat(repartitioner.origin(read, MoveHeader.of(read)))
                .isEqualTo(new DeadLetters.Origin("b", 0, 9L));
    }

    @Test
    void shouldGiveTheDeadLetterOfAMovedRowItsOriginAsSourceHeaders() {
        Repartitioner repartitioner = repartitioner(List.of(tp("in", 0), tp("in", 1)));
        ConsumerRecord<byte[], byte[]> read =
                MovedRecords.readBack(
                        repartitioner.record(input("in", 1, 42L), row("a"), EVENT_TIME), NOW_MS);

        ProducerRecord<byte[], byte[]> dead =
                new DeadLetters("dlq", "p")
                        .repartitioned(
                                read,
                                repartitioner.origin(read, MoveHeader.of(read)),
                                "{}".getBytes(StandardCharsets.UTF_8),
                                DeadLetters.Stage.LATE,
                                "late");

        assertThat(text(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("in");
        assertThat(text(dead.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("1");
        assertThat(text(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(dead.headers().lastHeader(MoveHeader.KEY)).isNull();
        assertThat(dead.timestamp()).isEqualTo(EVENT_TIME);
    }

    @Test
    void shouldReadARowMovedWithTheOlderTextHeaders() {
        Repartitioner repartitioner = repartitioner(List.of(tp("in", 0), tp("in", 1)));
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.SOURCE_TOPIC, utf8("in"));
        headers.add(DeadLetters.SOURCE_PARTITION, utf8("1"));
        headers.add(DeadLetters.SOURCE_OFFSET, utf8("7"));
        headers.add(Repartitioner.SOURCE_SLOT, ByteBuffer.allocate(4).putInt(1).array());
        headers.add(Repartitioner.EVENT_TIME, ByteBuffer.allocate(8).putLong(EVENT_TIME).array());
        ConsumerRecord<byte[], byte[]> older =
                MovedRecords.record("moves", 0, NOW_MS, null, new byte[] {1}, headers);

        assertThat(MoveHeader.of(older)).isNull();
        assertThat(repartitioner.sourceSlot(older)).isEqualTo(1);
        assertThat(Repartitioner.eventTime(older)).isEqualTo(EVENT_TIME);
        ProducerRecord<byte[], byte[]> dead =
                new DeadLetters("dlq", "p")
                        .repartitioned(older, null, new byte[0], DeadLetters.Stage.LATE, "late");
        assertThat(text(dead.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("7");
    }

    private static Repartitioner repartitioner(List<TopicPartition> sources) {
        return new Repartitioner(
                "moves",
                2,
                sources,
                List.of(new GroupColumn("key", ExpressionCompiler.compile("key", ROW))),
                ROW,
                Optional.empty(),
                Duration.ofSeconds(10));
    }

    private static ConsumerRecord<byte[], byte[]> input(String topic, int partition, long offset) {
        return new ConsumerRecord<>(topic, partition, offset, null, null);
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static GenericRecord row(String key) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("key", key);
        return row;
    }

    private static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
