package io.sluice.processor.engine;

import io.sluice.processor.plan.PipelinePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka clients of a {@link PipelineRunner} without a broker: one {@link LogConsumer}, and a
 * new {@link ScriptedProducer} whenever the committer asks for one (at start, and after it dropped
 * a fenced or failed producer). Topic checks pass; a pipeline has no stateful step here.
 */
final class MockClients implements KafkaClients {
    private final LogConsumer consumer = new LogConsumer();
    private final List<ScriptedProducer> producers = new ArrayList<>();
    private BiConsumer<Integer, ScriptedProducer> script = (index, producer) -> {};

    LogConsumer consumer() {
        return consumer;
    }

    /** Sets up each producer as it is created, given its index (0 for the first). */
    MockClients scriptProducers(BiConsumer<Integer, ScriptedProducer> script) {
        this.script = script;
        return this;
    }

    /** Every producer handed out, in order. */
    List<ScriptedProducer> producers() {
        return producers;
    }

    /** Every transaction of every producer, in order. */
    List<ScriptedProducer.Transaction> transactions() {
        List<ScriptedProducer.Transaction> all = new ArrayList<>();
        producers.forEach(producer -> all.addAll(producer.transactions()));
        return all;
    }

    /** The records of every committed transaction, in order. */
    List<ProducerRecord<byte[], byte[]>> committed() {
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        producers.forEach(producer -> all.addAll(producer.history()));
        return all;
    }

    /** The values committed to {@code topic}, in order. */
    List<String> committedValues(String topic) {
        return ScriptedProducer.values(committed(), topic);
    }

    @Override
    public TopicSetup.Tasks prepareTopics(PipelinePlan plan, EngineSettings settings) {
        return new TopicSetup.Tasks(1, Optional.empty());
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return consumer;
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        ScriptedProducer producer = new ScriptedProducer();
        script.accept(producers.size(), producer);
        producers.add(producer);
        return producer;
    }
}
