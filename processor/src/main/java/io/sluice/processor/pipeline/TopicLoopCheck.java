package io.sluice.processor.pipeline;

import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses topic loops before anything starts: a sink or dead-letter topic the pipeline also reads
 * (it would read what it writes, forever), a dead-letter topic that is the sink topic, and a
 * source, sink or dead-letter topic that is one of the pipeline's {@link InternalTopics}. Also
 * refuses a stream-stream join's stream topic that the source reads: the engine reads each record
 * once, for one side.
 *
 * <p>Each error points at the topic the file names last in the loop: the sink's {@code topic} when
 * it is a source topic, {@code errors.topic} when it is set; a default dead-letter topic ({@code
 * <name>-dlq}) is not written in the file, so the source or sink topic equal to it is blamed.
 */
final class TopicLoopCheck {
    /** Why a dead-letter topic may not be a source topic. */
    private static final String READ_AGAIN =
            "a record that fails would be read again, fail again and be written there again,"
                    + " forever";

    /** Why a dead-letter topic may not be the sink topic. */
    private static final String AMONG_OUTPUT =
            "records that failed would be written among the output rows, where readers of the"
                    + " sink topic would take them for output";

    /** A topic the file names, and where. */
    private record Named(String topic, YamlNode node) {}

    private TopicLoopCheck() {}

    /**
     * Checks the topics of {@code plan}, compiled from {@code top}.
     *
     * @throws PipelineFileException at the offending topic
     */
    static void check(YamlMapping top, PipelinePlan plan) {
        List<Named> source = topicsOf(top.required("source", "a source").anyMapping("a source"));
        List<Named> streams = streams(top);
        requireStreamsApart(streams, source);
        List<Named> sources = new ArrayList<>(source); // every topic read
        sources.addAll(streams);
        Optional<Named> sink = sink(top, plan.sink());
        Optional<Named> deadLetter = explicitDeadLetter(top, plan.errors());
        List<Named> named = new ArrayList<>(sources);
        sink.ifPresent(named::add);
        deadLetter.ifPresent(named::add);
        for (Named topic : named) {
            requireNotInternal(plan.name(), topic);
        }
        if (sink.isPresent()) {
            requireNotASource(sink.get(), sources);
        }
        if (plan.errors().policy() == ErrorPolicy.DEAD_LETTER) {
            if (deadLetter.isPresent()) {
                requireDeadLetterApart(deadLetter.get(), sources, sink);
            } else {
                requireDefaultDeadLetterApart(plan.deadLetterTopic(), sources, sink);
            }
        }
    }

    private static void requireNotInternal(String pipeline, Named topic) {
        Optional<String> internal = InternalTopics.describe(pipeline, topic.topic());
        if (internal.isPresent()) {
            throw topic.node()
                    .error(
                            "'"
                                    + topic.topic()
                                    + "' is "
                                    + internal.get()
                                    + ", which only the engine reads and writes; expected a topic"
                                    + " not named like an internal topic ("
                                    + InternalTopics.patterns(pipeline)
                                    + ")");
        }
    }

    private static void requireNotASource(Named sink, List<Named> sources) {
        for (Named source : sources) {
            if (source.topic().equals(sink.topic())) {
                throw sink.node()
                        .error(
                                "the sink topic '"
                                        + sink.topic()
                                        + "' is also the source topic at "
                                        + source.node().path()
                                        + ": the pipeline would read its own output and write it"
                                        + " again, forever; expected a sink topic the pipeline"
                                        + " does not read");
            }
        }
    }

    private static void requireDeadLetterApart(
            Named deadLetter, List<Named> sources, Optional<Named> sink) {
        for (Named source : sources) {
            if (source.topic().equals(deadLetter.topic())) {
                throw deadLetter
                        .node()
                        .error(
                                "the dead-letter topic '"
                                        + deadLetter.topic()
                                        + "' is also the source topic at "
                                        + source.node().path()
                                        + ": "
                                        + READ_AGAIN
                                        + "; expected a dead-letter topic the pipeline does not"
                                        + " read");
            }
        }
        if (sink.isPresent() && sink.get().topic().equals(deadLetter.topic())) {
            throw deadLetter
                    .node()
                    .error(
                            "the dead-letter topic '"
                                    + deadLetter.topic()
                                    + "' is also the sink topic at "
                                    + sink.get().node().path()
                                    + ": "
                                    + AMONG_OUTPUT
                                    + "; expected a dead-letter topic apart from the sink topic");
        }
    }

    private static void requireDefaultDeadLetterApart(
            String deadLetter, List<Named> sources, Optional<Named> sink) {
        for (Named source : sources) {
            if (source.topic().equals(deadLetter)) {
                throw source.node().error(defaultDeadLetter(deadLetter, "source", READ_AGAIN));
            }
        }
        if (sink.isPresent() && sink.get().topic().equals(deadLetter)) {
            throw sink.get().node().error(defaultDeadLetter(deadLetter, "sink", AMONG_OUTPUT));
        }
    }

    private static String defaultDeadLetter(String topic, String role, String why) {
        return "the "
                + role
                + " topic '"
                + topic
                + "' is also the pipeline's dead-letter topic (by default "
                + ErrorHandling.defaultDeadLetterTopic("<name>")
                + "): "
                + why
                + "; expected another "
                + role
                + " topic, or errors.topic naming another dead-letter topic";
    }

    private static void requireStreamsApart(List<Named> streams, List<Named> sources) {
        for (Named stream : streams) {
            for (Named source : sources) {
                if (source.topic().equals(stream.topic())) {
                    throw stream.node()
                            .error(
                                    "the stream topic '"
                                            + stream.topic()
                                            + "' is also the source topic at "
                                            + source.node().path()
                                            + ": the pipeline reads each record once, and would"
                                            + " take the source's records for the stream's (a"
                                            + " self-join is not supported); expected a stream"
                                            + " topic the source does not read");
                }
            }
        }
    }

    /** The topics of a stream-stream join's stream. */
    private static List<Named> streams(YamlMapping top) {
        List<Named> topics = new ArrayList<>();
        for (YamlNode step :
                top.optional("steps").map(n -> n.list("a list of steps")).orElse(List.of())) {
            Optional<YamlNode> join =
                    step.isMapping()
                            ? step.anyMapping("a step").optional("join")
                            : Optional.empty();
            Optional<YamlNode> stream =
                    join.filter(YamlNode::isMapping)
                            .flatMap(j -> j.anyMapping("a join").optional("stream"));
            stream.filter(YamlNode::isMapping)
                    .ifPresent(n -> topics.addAll(topicsOf(n.anyMapping("a stream"))));
        }
        return topics;
    }

    private static List<Named> topicsOf(YamlMapping section) {
        List<Named> topics = new ArrayList<>();
        Optional<YamlNode> one = section.optional("topic");
        if (one.isPresent()) {
            topics.add(named(one.get()));
        }
        Optional<YamlNode> many = section.optional("topics");
        if (many.isPresent()) {
            for (YamlNode item : many.get().list("a list of topic names")) {
                topics.add(named(item));
            }
        }
        return topics;
    }

    private static Optional<Named> sink(YamlMapping top, SinkPlan sink) {
        if (!(sink instanceof SinkPlan.Kafka)) {
            return Optional.empty();
        }
        return top.required("sink", "a sink")
                .anyMapping("a sink")
                .optional("topic")
                .map(TopicLoopCheck::named);
    }

    private static Optional<Named> explicitDeadLetter(YamlMapping top, ErrorHandling errors) {
        if (errors.deadLetterTopic() == null) {
            return Optional.empty();
        }
        return top.required("errors", "an errors section")
                .anyMapping("an errors section")
                .optional("topic")
                .map(TopicLoopCheck::named);
    }

    private static Named named(YamlNode node) {
        return new Named(node.text("a topic name"), node);
    }
}
