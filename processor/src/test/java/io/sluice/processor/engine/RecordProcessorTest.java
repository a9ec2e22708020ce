package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.RecordException;
import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RecordProcessorTest {
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

    @Test
    void shouldSendEveryRowOfARecordWhenAnOperatorEmitsSeveral() {
        RecordProcessor processor = processor(ErrorPolicy.DEAD_LETTER, new Twice());

        processor.process(input(0, "a"));

        assertThat(values()).containsExactly("A", "A");
        assertThat(sent).allSatisfy(r -> assertThat(r.topic()).isEqualTo("out"));
        assertThat(processor.counters().in()).isEqualTo(1);
        assertThat(processor.counters().emitting()).isEqualTo(1);
        assertThat(processor.counters().out()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterWithStageAndSourceHeadersWhenDecodingFails() {
        RecordProcessor processor = processor(ErrorPolicy.DEAD_LETTER);

        processor.process(input(42, "poison-1"));

        assertThat(sent).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = sent.get(0);
        assertThat(dead.topic()).isEqualTo("p-dlq");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("poison-1");
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("decode");
        assertThat(header(dead, DeadLetters.REASON))
                .isEqualTo("not a value: poison-1 at field value (offset 0)");
        assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo("in");
        assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(processor.counters().deadLettered()).isEqualTo(1);
    }

    @Test
    void shouldWriteNoneOfARecordsRowsWhenOneFailsToEncode() {
        RecordProcessor processor =
                processor(ErrorPolicy.DEAD_LETTER, new Twice(), new FailSecond());

        processor.process(input(0, "x"));

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo("p-dlq");
        assertThat(header(sent.get(0), DeadLetters.STAGE)).isEqualTo("encode");
    }

    @Test
    void shouldDeadLetterAsEvaluateWhenAnOperatorThrows() {
        RecordProcessor processor = processor(ErrorPolicy.DEAD_LETTER, new Throwing());

        processor.process(input(0, "x"));

        assertThat(header(sent.get(0), DeadLetters.STAGE)).isEqualTo("evaluate");
        assertThat(header(sent.get(0), DeadLetters.REASON))
                .isEqualTo("division by zero in \"1 / 0\"");
    }

    @Test
    void shouldCountAndDropWhenThePolicyIsSkip() {
        RecordProcessor processor = processor(ErrorPolicy.SKIP);

        processor.process(input(0, "poison"));
        processor.process(input(1, "skip-me"));

        assertThat(sent).isEmpty();
        assertThat(processor.counters().skipped()).isEqualTo(1);
        assertThat(processor.counters().filtered()).isEqualTo(1);
        assertThat(processor.counters().in()).isEqualTo(2);
    }

    @Test
    void shouldThrowNamingTheRecordWhenThePolicyIsFail() {
        RecordProcessor processor = processor(ErrorPolicy.FAIL);

        assertThatThrownBy(() -> processor.process(input(7, "poison")))
                .isInstanceOf(RecordException.class)
                .hasMessage(
                        "record in-0@7: decode failed: not a value: poison at field value (offset 0)");
    }

    private RecordProcessor processor(ErrorPolicy policy, RowOperator... extra) {
        PipelinePlan base =
                TestPipelines.upperCase("p", "in", "out", new Trigger.AvailableNow(), 10);
        List<RowOperator> operators = new ArrayList<>(base.operators());
        operators.addAll(List.of(extra));
        PipelinePlan plan =
                new PipelinePlan(
                        base.name(),
                        base.source(),
                        operators,
                        base.sink(),
                        base.trigger(),
                        new ErrorHandling(policy, null),
                        base.maxRecordsPerBatch());
        return new RecordProcessor(plan, OutputWriter.of(plan.sink(), System.out), sent::add);
    }

    private static ConsumerRecord<byte[], byte[]> input(long offset, String value) {
        return new ConsumerRecord<>("in", 0, offset, null, value.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> values() {
        return sent.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    /** Emits each row twice. */
    private static final class Twice implements RowOperator {
        @Override
        public Schema outputSchema() {
            return TestPipelines.SCHEMA;
        }

        @Override
        public void process(GenericRecord row, RowCollector out) {
            out.collect(row);
            out.collect(row);
        }
    }

    /** Marks the second row it sees so the test encoder refuses it. */
    private static final class FailSecond implements RowOperator {
        private int seen;

        @Override
        public Schema outputSchema() {
            return TestPipelines.SCHEMA;
        }

        @Override
        public void process(GenericRecord row, RowCollector out) {
            GenericRecord copy = new GenericData.Record(TestPipelines.SCHEMA);
            copy.put(0, ++seen == 2 ? "BAD-ENCODE" : row.get(0));
            out.collect(copy);
        }
    }

    /** Fails like an expression dividing by zero. */
    private static final class Throwing implements RowOperator {
        @Override
        public Schema outputSchema() {
            return TestPipelines.SCHEMA;
        }

        @Override
        public void process(GenericRecord row, RowCollector out) {
            throw new ArithmeticException("division by zero in \"1 / 0\"");
        }
    }
}
