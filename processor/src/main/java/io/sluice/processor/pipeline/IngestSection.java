package io.sluice.processor.pipeline;

import io.sluice.processor.plan.IngestPlan;
import io.sluice.serdes.FormatSpec;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;
import org.apache.avro.Schema;

/**
 * The part of a {@code source} section that names a source outside Kafka: {@code file}, {@code
 * rate} or {@code socket}. An ingester copies it into the pipeline's ingest topic, which the
 * pipeline reads; so these keys exclude {@code topic}, and the keys about Kafka records.
 *
 * @param plan what the ingester reads
 * @param builtInSchema the rows' schema when the source defines it (rate, socket lines)
 */
record IngestSection(IngestPlan plan, Optional<Schema> builtInSchema) {

    /** The keys that name a source outside Kafka. */
    static final List<String> KINDS = List.of("file", "rate", "socket");

    /** The keys of a file source besides {@code file}. */
    static final List<String> FILE_KEYS = List.of("pattern", "partitions");

    private static final List<String> KAFKA_ONLY =
            List.of("topic", "topics", "startingOffsets", "partitionedBy", "table", "registry");
    private static final List<String> RATE_KEYS = List.of("rowsPerSecond", "rampUpTime");
    private static final List<String> SOCKET_KEYS = List.of("host", "port");

    /**
     * The ingest source {@code source} names, if any.
     *
     * @param pipeline the pipeline's name, or empty for a stream that may only read a topic
     */
    static Optional<IngestSection> read(
            YamlMapping source, Optional<String> pipeline, Path baseDirectory) {
        List<String> given = source.keys().stream().filter(KINDS::contains).toList();
        if (given.isEmpty()) {
            for (String key : FILE_KEYS) {
                if (source.has(key)) {
                    throw source.errorAtKey(
                            key,
                            "'"
                                    + key
                                    + "' belongs to a file source; expected it with file: <directory>");
                }
            }
            return Optional.empty();
        }
        String kind = given.get(0);
        if (given.size() > 1) {
            throw source.errorAtKey(
                    given.get(1),
                    "give one of topic, file, rate or socket; expected " + kind + " alone");
        }
        if (pipeline.isEmpty()) {
            throw source.errorAtKey(
                    kind,
                    "a joined stream is read from Kafka; expected topic (a "
                            + kind
                            + " source is only the pipeline's own source)");
        }
        for (String key : KAFKA_ONLY) {
            if (source.has(key)) {
                throw source.errorAtKey(
                        key,
                        "'"
                                + key
                                + "' is about Kafka topics and the source is a "
                                + kind
                                + "; expected topic or "
                                + kind
                                + ", not both");
            }
        }
        if (!kind.equals("file")) {
            for (String key : FILE_KEYS) {
                if (source.has(key)) {
                    throw source.errorAtKey(
                            key,
                            "'"
                                    + key
                                    + "' belongs to a file source; expected no "
                                    + key
                                    + " with "
                                    + kind);
                }
            }
        }
        YamlNode node = source.required(kind, "the " + kind + " source");
        switch (kind) {
            case "file":
                return Optional.of(
                        new IngestSection(files(source, node, baseDirectory), Optional.empty()));
            case "rate":
                return Optional.of(rate(source, node));
            default:
                return Optional.of(socket(source, node));
        }
    }

    /** The format of a source whose rows the ingester writes as JSON lines itself. */
    static FormatSection builtInFormat(YamlMapping source, Path baseDirectory) {
        return new FormatSection("json", FormatSpec.of("json", Map.of(), baseDirectory), source);
    }

    private static IngestPlan.Files files(YamlMapping source, YamlNode node, Path baseDirectory) {
        String text =
                node.text("the directory to take new files from, relative to the pipeline file");
        Path directory;
        try {
            directory = baseDirectory.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw node.error("'" + text + "' is not a path; expected a directory");
        }
        if (!Files.isDirectory(directory)) {
            throw node.error(
                    "directory not found at "
                            + directory
                            + "; expected an existing directory (create it first)");
        }
        String pattern = IngestPlan.Files.ALL_FILES;
        Optional<YamlNode> patternNode = source.optional("pattern");
        if (patternNode.isPresent()) {
            pattern = patternNode.get().text("a glob on file names, such as \"*.jsonl\"");
            if (pattern.contains("/") || pattern.contains("\\")) {
                throw patternNode
                        .get()
                        .error(
                                "'"
                                        + pattern
                                        + "' names a path; expected a glob on file names only, such as \"*.jsonl\" (files of subdirectories are not read)");
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (PatternSyntaxException e) {
                throw patternNode
                        .get()
                        .error(
                                "'"
                                        + pattern
                                        + "' is not a glob: "
                                        + e.getDescription()
                                        + "; expected a glob such as \"*.jsonl\"");
            }
        }
        int partitions = source.optional("partitions").map(YamlNode::positiveInt).orElse(1);
        requireLineFormat(source, "a file source", "");
        return new IngestPlan.Files(directory, pattern, partitions);
    }

    private static IngestSection rate(YamlMapping source, YamlNode node) {
        YamlMapping rate =
                node.mapping(
                        RATE_KEYS, "a mapping with rowsPerSecond, such as {rowsPerSecond: 10}");
        YamlNode rowsNode =
                rate.required("rowsPerSecond", "a whole number of rows per second of at least 1");
        String rowsText = rowsNode.text("a whole number of at least 1");
        long rows;
        try {
            rows = Long.parseLong(rowsText.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            rows = 0;
        }
        if (rows < 1) {
            throw rowsNode.error(
                    "'"
                            + rowsText
                            + "' is not a whole number of at least 1; expected rows per second, such as 10");
        }
        Duration rampUp = rate.optional("rampUpTime").map(YamlNode::duration).orElse(Duration.ZERO);
        for (String key : List.of("format", "schema", "options")) {
            if (source.has(key)) {
                throw source.errorAtKey(
                        key,
                        "a rate source has its own rows (timestamp, value); expected no " + key);
            }
        }
        return new IngestSection(
                new IngestPlan.Rate(rows, rampUp), Optional.of(IngestPlan.Rate.schema()));
    }

    private static IngestSection socket(YamlMapping source, YamlNode node) {
        YamlMapping socket =
                node.mapping(
                        SOCKET_KEYS,
                        "a mapping with host and port, such as {host: localhost, port: 9999}");
        String host = socket.required("host", "a host name, such as localhost").text("a host name");
        YamlNode portNode = socket.required("port", "a TCP port, 1 to 65535");
        String portText = portNode.text("a TCP port, 1 to 65535");
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            port = 0;
        }
        if (port < 1 || port > 65535) {
            throw portNode.error(
                    "'" + portText + "' is not a TCP port; expected a number from 1 to 65535");
        }
        boolean lineAsValue = !source.has("format");
        if (lineAsValue) {
            for (String key : List.of("schema", "options")) {
                if (source.has(key)) {
                    throw source.errorAtKey(
                            key,
                            "without a format each line is a row of one column, value (string); expected format: json or csv with "
                                    + key);
                }
            }
        } else {
            requireLineFormat(
                    source, "a socket source", ", or no format (each line a string column value)");
        }
        return new IngestSection(
                new IngestPlan.Socket(host, port, lineAsValue),
                lineAsValue ? Optional.of(IngestPlan.Socket.lineSchema()) : Optional.empty());
    }

    /** Refuses a format other than json or csv: line sources read one record a line. */
    private static void requireLineFormat(YamlMapping source, String what, String otherwise) {
        YamlNode formatNode = source.required("format", "json or csv");
        String format = formatNode.text("json or csv");
        if (!format.equals("json") && !format.equals("csv")) {
            throw formatNode.error(
                    what
                            + " reads lines; expected format json or csv (one record a line)"
                            + otherwise
                            + ", got '"
                            + format
                            + "'");
        }
    }
}
