package io.sluice.bench.e2e;

import java.nio.file.Path;

/**
 * The names and files of one run of one workload.
 *
 * @param id the consumer group, application id or pipeline name, fresh for every run; all topics
 *     the run creates start with it
 * @param input the topic the workload reads
 * @param output the topic it writes, created empty before it starts
 * @param directory a directory of its own for its pipeline file, state and log
 */
record RunTopics(String id, String input, String output, Path directory) {}
