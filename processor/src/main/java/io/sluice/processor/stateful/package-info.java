/**
 * Stateful operators: what a pipeline's stateful step does per task (input partition) on the task's
 * RocksDB store, batch by batch. The engine ({@code io.sluice.processor.engine}) owns the tasks,
 * their watermarks, changelogs and commits; an operator owns its stores' contents.
 */
package io.sluice.processor.stateful;
