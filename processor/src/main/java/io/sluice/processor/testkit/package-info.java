/**
 * The broker-free test kit of the DStream API, Sluice's {@code queueStream}: a {@link
 * io.sluice.processor.testkit.ManualClock} moved by hand, a {@link
 * io.sluice.processor.testkit.QueueStream} (or {@link io.sluice.processor.testkit.PairQueueStream}
 * for a keyed stream) fed one batch at a time from memory, and {@link
 * io.sluice.processor.testkit.CollectedBatches} that keeps each batch of an output. {@link
 * io.sluice.processor.testkit.StreamingTestKit} ties them together. It uses only the public API of
 * {@code io.sluice.processor.dstream}, never Kafka, and runs deterministically on the test's
 * thread.
 */
package io.sluice.processor.testkit;
