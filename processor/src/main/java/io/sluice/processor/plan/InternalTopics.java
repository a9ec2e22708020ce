package io.sluice.processor.plan;

import java.util.Optional;

/**
 * The internal topics of a pipeline: the topics the engine creates, writes and reads itself under
 * the pipeline's name, which no source, sink or dead-letter topic may be.
 *
 * <p>A changelog topic is named after its state store, which the compiler of a pipeline with a Java
 * group-state step does not know; so every {@code <name>-<anything>-changelog} counts as internal,
 * whether or not the pipeline has state today (adding a stateful step later must not start writing
 * state into a user topic).
 */
public final class InternalTopics {
    private static final String CHANGELOG_SUFFIX = "-changelog";

    private InternalTopics() {}

    /** The topic that moves rows to the task of their group key: {@code <name>-repartition}. */
    public static String repartition(String pipeline) {
        return pipeline + "-repartition";
    }

    /** The changelog topic of a state store: {@code <name>-<store>-changelog}. */
    public static String changelog(String pipeline, String store) {
        return pipeline + "-" + store + CHANGELOG_SUFFIX;
    }

    /** The checkpoint topic of a DStream job: {@code <name>-dstream-checkpoint}. */
    public static String checkpoint(String pipeline) {
        return pipeline + "-dstream-checkpoint";
    }

    /** The log of batch plans of a foreachBatch pipeline: {@code <name>-batch-plans}. */
    public static String batchPlans(String pipeline) {
        return pipeline + "-batch-plans";
    }

    /**
     * The compacted log of the instances' liveness beats, keyed by instance id, by which instances
     * find a killed peer sooner than its session timeout: {@code <name>-members}.
     */
    public static String members(String pipeline) {
        return pipeline + "-members";
    }

    /**
     * The topic an ingester copies a file, rate or socket source into, which the pipeline then
     * reads: {@code <name>-ingest}.
     */
    public static String ingest(String pipeline) {
        return pipeline + "-ingest";
    }

    /**
     * The compacted log of the files a file source has ingested, written in the same transaction as
     * their lines: {@code <name>-ingest-files}.
     */
    public static String ingestedFiles(String pipeline) {
        return pipeline + "-ingest-files";
    }

    /**
     * What internal topic of {@code pipeline} {@code topic} is, as words that follow "is", such as
     * "the repartition topic of pipeline 'orders'"; empty when it is none.
     */
    public static Optional<String> describe(String pipeline, String topic) {
        if (topic.equals(repartition(pipeline))) {
            return Optional.of("the repartition topic of pipeline '" + pipeline + "'");
        }
        if (topic.equals(batchPlans(pipeline))) {
            return Optional.of("the batch plan log of pipeline '" + pipeline + "'");
        }
        if (topic.equals(members(pipeline))) {
            return Optional.of("the liveness log of the instances of pipeline '" + pipeline + "'");
        }
        if (topic.equals(ingest(pipeline))) {
            return Optional.of("the ingest topic of pipeline '" + pipeline + "'");
        }
        if (topic.equals(ingestedFiles(pipeline))) {
            return Optional.of("the log of ingested files of pipeline '" + pipeline + "'");
        }
        if (topic.equals(checkpoint(pipeline))) {
            return Optional.of("the checkpoint topic of a DStream job named '" + pipeline + "'");
        }
        String prefix = pipeline + "-";
        if (topic.startsWith(prefix)
                && topic.endsWith(CHANGELOG_SUFFIX)
                && topic.length() > prefix.length() + CHANGELOG_SUFFIX.length()) {
            return Optional.of(
                    "named like the changelog topic of a state store of pipeline '"
                            + pipeline
                            + "' ("
                            + changelog(pipeline, "<store>")
                            + ")");
        }
        return Optional.empty();
    }

    /** The names of the internal topics, for messages. */
    public static String patterns(String pipeline) {
        return repartition(pipeline)
                + ", "
                + changelog(pipeline, "<store>")
                + ", "
                + batchPlans(pipeline)
                + ", "
                + members(pipeline)
                + ", "
                + ingest(pipeline)
                + ", "
                + ingestedFiles(pipeline)
                + " and "
                + checkpoint(pipeline);
    }
}
