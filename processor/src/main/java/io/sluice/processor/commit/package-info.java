/**
 * The transactional committer: one Kafka producer whose transaction carries a batch's outputs,
 * dead-letter records and consumed offsets. It is the one place that classifies producer failures
 * by how the engine must react (retry the commit, abort and replay, or stop because fenced).
 */
package io.sluice.processor.commit;
