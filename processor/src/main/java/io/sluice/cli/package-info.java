/**
 * The {@code bin/sluice} commands, built with picocli.
 *
 * <p>Commands parse their options, resolve which Kafka cluster to use and hand over to the engine;
 * they hold no processing logic. Exit codes: 0 done, 1 failed while running, 2 bad command line,
 * pipeline file or configuration.
 */
package io.sluice.cli;
