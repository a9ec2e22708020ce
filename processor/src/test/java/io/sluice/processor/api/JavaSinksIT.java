package io.sluice.processor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.plan.FileSinkManifest;
import io.sluice.processor.plan.ForeachWriter;
import io.sluice.processor.plan.MemoryTable;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The memory, foreach and file sinks of the Java API, on a real broker. */
@ExtendWith(KafkaClusterExtension.class)
class JavaSinksIT {
    private static final Schema CLICK =
            SchemaBuilder.record("Click")
                    .fields()
                    .requiredString("user")
                    .requiredString("action")
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path work;

    JavaSinksIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldHoldEachCommittedRowOnceWhenAMemorySinkRunsTwice() {
        String input = kafka.uniqueTopic("clicks");
        kafka.createTopics(2, input);
        produce(input, 0, 10);
        MemorySink sink = Sink.memory(kafka.uniqueTopic("buys"));
        StructuredPipeline pipeline = buys(kafka.uniqueTopic("memory"), input, sink);

        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);
        produce(input, 10, 20);
        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);

        assertThat(users(sink.table().rows())).containsExactlyInAnyOrderElementsOf(buyers(0, 20));
        assertThat(MemoryTable.named(sink.table().name())).isSameAs(sink.table());
    }

    @Test
    void shouldReplayTheSameBatchIdAndRowsWhenAForeachWriterFails() {
        String input = kafka.uniqueTopic("clicks");
        kafka.createTopics(2, input);
        produce(input, 0, 20);
        FailingOnce writer = new FailingOnce();
        StructuredPipeline pipeline =
                buys(kafka.uniqueTopic("foreach"), input, Sink.foreach(writer));

        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);

        // the failed partition of the batch is opened again under the same batch id
        assertThat(writer.opened.subList(writer.failedAt, writer.opened.size()))
                .contains(writer.opened.get(writer.failedAt - 1));
        assertThat(writer.closedWithError).isEqualTo(1);
        List<String> afterFailure =
                users(writer.rows.subList(writer.rowsBeforeFailure, writer.rows.size()));
        assertThat(afterFailure).containsExactlyInAnyOrderElementsOf(buyers(0, 20));
    }

    @Test
    void shouldListEveryRowOnceInCommittedFilesWhenAFileSinkRunsTwice() {
        String input = kafka.uniqueTopic("clicks");
        kafka.createTopics(2, input);
        produce(input, 0, 10);
        Path directory = work.resolve("out");
        StructuredPipeline pipeline =
                buys(kafka.uniqueTopic("files"), input, Sink.files(directory, "csv"));

        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);
        produce(input, 10, 20);
        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);

        List<String> lines = FileSinkReader.committedLines(directory);
        assertThat(lines.stream().filter(l -> !l.equals("user,action")))
                .containsExactlyInAnyOrderElementsOf(
                        buyers(0, 20).stream().map(u -> u + ",buy").collect(Collectors.toList()));
        assertThat(FileSinkReader.committedFiles(directory))
                .allSatisfy(
                        f ->
                                assertThat(f.getFileName().toString())
                                        .matches("part-\\d+-.*-[01]-[0-9a-f]{8}\\.csv"));
    }

    @Test
    void shouldPromoteACommittedBatchAndDeleteAnUncommittedOneWhenAFileSinkRestarts()
            throws Exception {
        String input = kafka.uniqueTopic("clicks");
        kafka.createTopics(2, input);
        produce(input, 0, 10);
        Path directory = work.resolve("settled");
        StructuredPipeline pipeline =
                buys(kafka.uniqueTopic("settle"), input, Sink.files(directory, "json"));
        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);
        List<String> committed = FileSinkReader.committedLines(directory);
        Path manifest = directory.resolve(FileSinkManifest.DIRECTORY);
        // as if killed after the last commit, before its entry was renamed
        List<FileSinkManifest> entries = FileSinkManifest.committed(directory);
        FileSinkManifest last = entries.get(entries.size() - 1);
        Files.move(manifest.resolve(last.entryName()), manifest.resolve(last.pendingName()));
        // and as if a later batch had written its files, then was killed before its commit
        FileSinkManifest lost =
                new FileSinkManifest(
                        last.batchId() + 1, "it", "0badc0de", List.of("it/part-lost.jsonl"));
        Files.writeString(directory.resolve("it/part-lost.jsonl"), "{\"user\": \"ghost\"}\n");
        Files.write(manifest.resolve(lost.pendingName()), lost.encode());
        assertThat(FileSinkReader.committedLines(directory)).hasSizeLessThan(committed.size());

        assertThat(run(pipeline)).isEqualTo(PipelineRunner.Outcome.FINISHED);

        assertThat(FileSinkReader.committedLines(directory)).isEqualTo(committed);
        assertThat(directory.resolve("it/part-lost.jsonl")).doesNotExist();
        assertThat(manifest.resolve(lost.pendingName())).doesNotExist();
    }

    /** The buys among the clicks of {@code input}, to {@code sink}, run availableNow. */
    private static StructuredPipeline buys(String name, String input, Sink sink) {
        return Pipelines.named(name)
                .source(Source.topic(input).format("json").schema(CLICK))
                .where("action = 'buy'")
                .trigger(new Trigger.AvailableNow())
                .sink(sink)
                .build();
    }

    private PipelineRunner.Outcome run(StructuredPipeline pipeline) {
        return pipeline.run(
                EngineSettings.of(kafka.bootstrapServers(), "it")
                        .withStateDirectory(work.resolve("state")));
    }

    /** Clicks of users {@code from} until {@code until}: even users buy, odd ones view. */
    private void produce(String topic, int from, int until) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < until; i++) {
            String value =
                    "{\"user\": \"u"
                            + i
                            + "\", \"action\": \""
                            + (i % 2 == 0 ? "buy" : "view")
                            + "\"}";
            records.add(new ProducerRecord<>(topic, i % 2 == 0 ? 0 : 1, null, value.getBytes()));
            records.add(new ProducerRecord<>(topic, i % 2 == 0 ? 1 : 0, null, value.getBytes()));
        }
        Topics.produceRecords(kafka, topic, records);
    }

    /** Each buyer twice: once per partition. */
    private static List<String> buyers(int from, int until) {
        return IntStream.range(from, until)
                .filter(i -> i % 2 == 0)
                .boxed()
                .flatMap(i -> java.util.stream.Stream.of("u" + i, "u" + i))
                .collect(Collectors.toList());
    }

    private static List<String> users(List<GenericRecord> rows) {
        return rows.stream().map(r -> r.get("user").toString()).collect(Collectors.toList());
    }

    /** Records what it gets, and fails the first row it is given. */
    private static final class FailingOnce implements ForeachWriter {
        final List<Opened> opened = new ArrayList<>();
        final List<GenericRecord> rows = new ArrayList<>();
        int failedAt = -1;
        int rowsBeforeFailure;
        int closedWithError;

        record Opened(long batchId, Optional<TopicPartition> partition) {}

        @Override
        public boolean open(long batchId, Optional<TopicPartition> partition) {
            opened.add(new Opened(batchId, partition));
            return true;
        }

        @Override
        public void process(GenericRecord row) {
            if (failedAt < 0) {
                failedAt = opened.size(); // the next open is the replay's first
                rowsBeforeFailure = rows.size();
                throw new IllegalStateException("the writer's store is away");
            }
            rows.add(row);
        }

        @Override
        public void close(Optional<Throwable> error) {
            if (error.isPresent()) {
                closedWithError++;
            }
        }
    }
}
