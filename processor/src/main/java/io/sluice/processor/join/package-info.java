/**
 * Joins of a stream with a table: the lookup join operator, the tables it looks rows up in (a file
 * loaded at start, or a compacted Kafka topic materialised in local state), and how a table's rows
 * are kept in a task store. Reads Kafka through nothing: the engine feeds a {@link
 * io.sluice.processor.join.KafkaTable} and binds its view.
 */
package io.sluice.processor.join;
