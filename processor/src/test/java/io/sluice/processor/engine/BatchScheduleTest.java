package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How far a batch may read: the last stable offsets the fetches reported, or the broker's. */
class BatchScheduleTest {
    private static final TopicPartition P0 = new TopicPartition("invoices", 0);
    private static final TopicPartition P1 = new TopicPartition("invoices", 1);
    private static final TopicPartition MOVED = new TopicPartition("agg-repartition", 0);
    private static final Trigger DEFAULT =
            new Trigger.AsFastAsPossible(Trigger.AsFastAsPossible.DEFAULT_MIN_INTERVAL);

    private FetchingConsumer consumer;

    @BeforeEach
    void assign() {
        consumer = new FetchingConsumer();
        consumer.assign(List.of(P0, P1, MOVED));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, MOVED, 0L));
        // the batch starts at 100 and 40; the fetches have read (and stashed) up to 150 and 60
        consumer.seek(P0, 150);
        consumer.seek(P1, 60);
        consumer.seek(MOVED, 0);
        // what the broker answers now: records arrived since the last fetch
        consumer.updateEndOffsets(Map.of(P0, 180L, P1, 90L, MOVED, 7L));
    }

    @Test
    void aCaughtUpConsumerReadsUpToWhatItFetchedWithoutAskingTheBroker() {
        consumer.fetched(Map.of(P0, 150L, P1, 60L));

        Map<TopicPartition, Long> ends = schedule(DEFAULT, Set.of()).endOffsets(next(100, 40));

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 60L));
        assertThat(consumer.brokerAsked).isEmpty();
    }

    @Test
    void aPartitionBehindItsFetchedEndReadsUpToItWithoutAskingTheBroker() {
        // a backlog: the last fetch said 85, the consumer has returned records up to 60
        consumer.fetched(Map.of(P0, 150L, P1, 85L));

        Map<TopicPartition, Long> ends = schedule(DEFAULT, Set.of()).endOffsets(next(100, 40));

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 85L));
        assertThat(consumer.brokerAsked).isEmpty();
    }

    @Test
    void aPartitionNoFetchReportedYetIsAskedOfTheBroker() {
        consumer.fetched(Map.of(P0, 150L));

        Map<TopicPartition, Long> ends = schedule(DEFAULT, Set.of()).endOffsets(next(100, 40));

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 90L));
        assertThat(consumer.brokerAsked).containsExactly(Set.of(P1));
    }

    @Test
    void aPositionBeforeTheRangesStartIsNotTrusted() {
        consumer.fetched(Map.of(P0, 150L, P1, 60L));

        Map<TopicPartition, Long> ends = schedule(DEFAULT, Set.of()).endOffsets(next(100, 70));

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 90L));
        assertThat(consumer.brokerAsked).containsExactly(Set.of(P1));
    }

    @Test
    void anIntervalTriggerReadsUpToTheFetchedEndsToo() {
        consumer.fetched(Map.of(P0, 150L, P1, 60L));

        Map<TopicPartition, Long> ends =
                schedule(new Trigger.Interval(Duration.ofSeconds(1)), Set.of())
                        .endOffsets(next(100, 40));

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 60L));
        assertThat(consumer.brokerAsked).isEmpty();
    }

    @Test
    void theInternalTopicIsAlwaysAskedOfTheBroker() {
        // the last batch's commit made its moved rows readable after the fetch reported 3
        consumer.seek(MOVED, 3);
        consumer.fetched(Map.of(P0, 150L, P1, 60L, MOVED, 3L));
        Map<TopicPartition, Long> next = next(100, 40);
        next.put(MOVED, 0L);

        Map<TopicPartition, Long> ends = schedule(DEFAULT, Set.of(MOVED.topic())).endOffsets(next);

        assertThat(ends).isEqualTo(Map.of(P0, 150L, P1, 60L, MOVED, 7L));
        assertThat(consumer.brokerAsked).containsExactly(Set.of(MOVED));
    }

    @Test
    void availableNowFixesEachEndAtTheBrokersWhenFirstPlanned() {
        consumer.fetched(Map.of(P0, 150L, P1, 60L));
        BatchSchedule schedule = schedule(new Trigger.AvailableNow(), Set.of());

        assertThat(schedule.endOffsets(next(100, 40))).isEqualTo(Map.of(P0, 180L, P1, 90L));
        consumer.updateEndOffsets(Map.of(P0, 500L, P1, 500L));
        assertThat(schedule.endOffsets(next(180, 90))).isEqualTo(Map.of(P0, 180L, P1, 90L));
    }

    private BatchSchedule schedule(Trigger trigger, Set<String> internalTopics) {
        return BatchSchedule.of(trigger, consumer, Duration.ofMinutes(1), internalTopics);
    }

    private static Map<TopicPartition, Long> next(long p0, long p1) {
        Map<TopicPartition, Long> next = new HashMap<>();
        next.put(P0, p0);
        next.put(P1, p1);
        return next;
    }

    /**
     * A consumer whose fetches reported older last stable offsets than the broker's current ones (a
     * real consumer's lag is its last fetch's), and which records what it asked the broker.
     */
    private static final class FetchingConsumer extends MockConsumer<byte[], byte[]> {
        private final Map<TopicPartition, Long> fetchedEnds = new HashMap<>();
        final List<Set<TopicPartition>> brokerAsked = new ArrayList<>();

        FetchingConsumer() {
            super("earliest");
        }

        void fetched(Map<TopicPartition, Long> ends) {
            fetchedEnds.putAll(ends);
        }

        @Override
        public OptionalLong currentLag(TopicPartition partition) {
            Long end = fetchedEnds.get(partition);
            return end == null ? OptionalLong.empty() : OptionalLong.of(end - position(partition));
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(
                Collection<TopicPartition> partitions, Duration timeout) {
            brokerAsked.add(Set.copyOf(partitions));
            return super.endOffsets(partitions, timeout);
        }
    }
}
