package io.sluice.bench.e2e;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The names and files of one run of one workload.
 *
 * @param id the consumer group, application id or pipeline name, fresh for every run; all topics
 *     the run creates start with it
 * @param input the topic the workload reads
 * @param output the topic it writes, created empty before it starts
 * @param table the compacted topic of customers it joins with; empty when its input has none
 * @param directory a directory of its own for its pipeline file, state and log
 */
record RunTopics(String id, String input, String output, Optional<String> table, Path directory) {}
