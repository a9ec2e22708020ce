package io.sluice.processor.engine;

import io.sluice.processor.plan.PipelinePlan;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Where a {@link PipelineRunner} gets its Kafka clients and its topic checks: the cluster in
 * production, Kafka's {@code MockConsumer} and {@code MockProducer} in unit tests of the batch
 * lifecycle.
 */
interface KafkaClients {
    /** Clients of the cluster the engine settings name. */
    KafkaClients CLUSTER = new Cluster();

    /**
     * Checks the cluster for the pipeline and creates missing topics (see {@link
     * TopicSetup#prepare}).
     */
    TopicSetup.Tasks prepareTopics(PipelinePlan plan, EngineSettings settings);

    /** A consumer made from {@code config} (see {@link ClientConfigs#consumer}); not yet used. */
    Consumer<byte[], byte[]> consumer(Map<String, Object> config);

    /**
     * A producer made from {@code config}, transactional id and serializers included; called again
     * whenever the committer replaces a fenced or failed producer.
     */
    Producer<byte[], byte[]> producer(Map<String, Object> config);

    /** The clients of a real cluster. */
    final class Cluster implements KafkaClients {
        private Cluster() {}

        @Override
        public TopicSetup.Tasks prepareTopics(PipelinePlan plan, EngineSettings settings) {
            try (Admin admin = Admin.create(ClientConfigs.admin(settings))) {
                return new TopicSetup(admin)
                        .prepare(
                                plan,
                                settings.transactionTimeout(),
                                !settings.peerTimeout().isZero());
            }
        }

        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config);
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return new KafkaProducer<>(config);
        }
    }
}
