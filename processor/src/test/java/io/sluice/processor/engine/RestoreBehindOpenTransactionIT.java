package io.sluice.processor.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's previous owner died inside a transaction that wrote to the changelog, and a later owner
 * committed changes after it: the dead owner's transactional id is not the new owner's, so its
 * transaction stays open until the broker's transaction timeout, and the changelog's last stable
 * offset stays below it. A restore that ended at the last stable offset finished at once without
 * the later owner's committed changes, while the source offsets they came with were committed: the
 * state lost them. The restore must wait for the open transaction and read to the end.
 */
@ExtendWith(KafkaClusterExtension.class)
class RestoreBehindOpenTransactionIT {
    private static final String STORE = "counts";
    private static final int STEPS_WHILE_OPEN = 5;
    private static final int MAX_STEPS = 100;

    private final KafkaCluster kafka;

    @TempDir Path directory;

    RestoreBehindOpenTransactionIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldRestoreWhatALaterOwnerCommittedWhenADeadOwnersTransactionIsStillOpen() {
        String pipeline = kafka.uniqueTopic("restore-open");
        TopicPartition input = new TopicPartition(pipeline + "-input", 0);
        TopicPartition changelog =
                new TopicPartition(StateTasks.changelogTopic(pipeline, STORE), 0);
        kafka.createTopics(1, input.topic(), changelog.topic());
        try (KafkaProducer<byte[], byte[]> dead = transactional(pipeline + "-dead");
                KafkaProducer<byte[], byte[]> later = transactional(pipeline + "-later");
                StateStores stores = StateStores.open(new StateSettings(directory, 32L << 20));
                KafkaConsumer<byte[], byte[]> main =
                        new KafkaConsumer<>(kafka.readCommittedConsumerConfig())) {
            dead.beginTransaction();
            dead.send(change(changelog, "S1", "from the dead owner"));
            dead.flush(); // written, never committed: the owner "died" here
            later.beginTransaction();
            later.send(change(changelog, "S2", "from the later owner"));
            later.commitTransaction();
            main.assign(List.of(input));
            StateTasks tasks = tasks(pipeline, stores);

            tasks.assigned(input, Long.MIN_VALUE);
            for (int step = 0; step < STEPS_WHILE_OPEN; step++) {
                tasks.restoreStep(main);
            }
            boolean restoringWhileOpen = tasks.isRestoring(input);
            dead.abortTransaction(); // as the broker does when the transaction times out
            for (int step = 0; step < MAX_STEPS && tasks.isRestoring(input); step++) {
                tasks.restoreStep(main);
            }

            assertThat(restoringWhileOpen).as("restoring while a transaction is open").isTrue();
            assertThat(tasks.isRestoring(input)).as("restored once it was aborted").isFalse();
            assertThat(tasks.keyCount(input, STORE)).as("the later owner's change").isEqualTo(1);
            tasks.close();
        }
    }

    private StateTasks tasks(String pipeline, StateStores stores) {
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "test").withStateDirectory(directory);
        StatefulStage stage =
                new StatefulStage(
                        new StateTasksTest.FailOnBadBytes(),
                        new StatefulStage.EventTime.RecordTimestamp(),
                        Optional.empty(),
                        StatefulStage.DEFAULT_IDLE_TIMEOUT,
                        false,
                        List.of());
        return new StateTasks(
                pipeline,
                stage,
                stores,
                settings,
                new TopicSetup.Tasks(1, Optional.empty()),
                new EngineListener() {},
                new ChangelogReader(settings));
    }

    private KafkaProducer<byte[], byte[]> transactional(String transactionalId) {
        Map<String, Object> config = kafka.transactionalProducerConfig(transactionalId);
        config.put("transaction.timeout.ms", (int) Duration.ofMinutes(5).toMillis());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        producer.initTransactions();
        return producer;
    }

    private static ProducerRecord<byte[], byte[]> change(
            TopicPartition changelog, String key, String value) {
        return new ProducerRecord<>(
                changelog.topic(),
                changelog.partition(),
                key.getBytes(UTF_8),
                value.getBytes(UTF_8));
    }
}
