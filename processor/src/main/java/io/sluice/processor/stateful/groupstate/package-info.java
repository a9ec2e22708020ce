/**
 * Arbitrary state for Java users: Spark's {@code mapGroupsWithState} and {@code
 * flatMapGroupsWithState} with processing- and event-time timeouts, and Spark Streaming's {@code
 * updateStateByKey}, as stateful operators on the task's RocksDB stores. {@link
 * io.sluice.processor.stateful.groupstate.GroupStateSteps} is the entry point; the operators are
 * package-private. It reads and writes state only through the task store and the batch's pending
 * writes, never Kafka or RocksDB directly.
 */
package io.sluice.processor.stateful.groupstate;
