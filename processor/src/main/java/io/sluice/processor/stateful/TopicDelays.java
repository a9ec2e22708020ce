package io.sluice.processor.stateful;

import java.time.Duration;
import java.util.Optional;

/**
 * A stateful operator whose input topics have watermark delays of their own (a stream-stream join's
 * two sides): a task's watermark is then the minimum over its source partitions of each one's
 * largest event time minus its topic's delay.
 */
public interface TopicDelays {

    /** The allowed delay of rows from {@code topic}; empty for the stage's own. */
    Optional<Duration> delay(String topic);
}
