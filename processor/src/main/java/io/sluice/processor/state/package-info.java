/**
 * Local state of stateful operators: a task's key-value stores, the pending writes of a
 * micro-batch, the changelog offsets they reach, and the byte encodings of state keys. Keys and
 * values are bytes; operators encode them and keys sort unsigned-lexicographically, so range scans
 * follow {@link io.sluice.processor.state.StateKeys}. Nothing here touches Kafka clients (the
 * engine reads and writes the changelog and calls in) and nothing here imports RocksDB: {@code
 * .rocksdb} does.
 */
package io.sluice.processor.state;
