package io.sluice.processor.pipeline;

import io.sluice.processor.join.StaticTable;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.csv.CsvOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A reference file is the data of a stream-static join: JSON lines, or CSV lines (with a header
 * line when its options say so), read once at compile time. A line that does not decode stops the
 * start with the file, line and reason; blank lines are skipped.
 */
final class ReferenceFile {
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private ReferenceFile() {}

    /** Reads the file {@code file} names, keyed by its column {@code keyColumn}. */
    static StaticTable load(YamlMapping file, String keyColumn, PipelineResources resources) {
        YamlNode pathNode =
                file.required(
                        "path",
                        "the path of a JSON-lines or CSV file, relative to the" + " pipeline file");
        String text = pathNode.text("a file path");
        Path path = resources.baseDirectory().resolve(text);
        if (!Files.isRegularFile(path)) {
            throw pathNode.error("file not found at " + path + "; expected a readable file");
        }
        FormatSection format = FormatSection.read(file, resources.baseDirectory());
        if (!format.name().equals("json") && !format.name().equals("csv")) {
            throw file.errorAtKey(
                    "format", "a file of " + format.name() + " records; expected json or csv");
        }
        Schema schema = resources.schema(file.required("schema", "the Avro schema of the rows"));
        if (schema.getField(keyColumn) == null) {
            YamlNode at = file.optional("key").orElse(pathNode);
            throw at.error(
                    "the file has no key column '"
                            + keyColumn
                            + "' (the on column, unless key names another); "
                            + SourceSection.unknownColumn(keyColumn, schema));
        }
        Schema keyType = schema.getField(keyColumn).schema();
        if (!JoinStep.isKeyType(keyType)) {
            // a double 7.0 would be looked up as "7.0", which no stream key "7" matches
            throw file.optional("key")
                    .orElse(pathNode)
                    .error(
                            "the file's key column '"
                                    + keyColumn
                                    + "' is "
                                    + TypeNames.of(keyType)
                                    + "; expected a string, int or long column (keys are"
                                    + " compared as text)");
        }
        List<GenericRecord> rows = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            RowDecoder decoder = null;
            FormatSpec spec = format.spec();
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (number == 1 && line.startsWith(BYTE_ORDER_MARK)) {
                    // spreadsheets save UTF-8 CSV with one; it would stick to the first column name
                    line = line.substring(1);
                }
                if (decoder == null
                        && spec instanceof FormatSpec.Csv csv
                        && csv.options().header()) {
                    decoder = csvDecoder(csv.options(), line, schema);
                    continue; // the header line names the columns
                }
                if (decoder == null) {
                    decoder = Codecs.decoder(spec, schema);
                }
                if (line.isBlank()) {
                    continue;
                }
                DecodeResult result = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                if (result instanceof DecodeResult.DecodeError error) {
                    throw pathNode.error(
                            path
                                    + ":"
                                    + number
                                    + ": "
                                    + error.message()
                                    + "; expected a row of "
                                    + schema.getFullName());
                }
                rows.add(((DecodeResult.Decoded) result).row());
            }
        } catch (IOException e) {
            throw pathNode.error("cannot read " + path + ": " + e.getMessage(), e);
        }
        return StaticTable.of(text, schema, keyColumn, rows);
    }

    /** A decoder of the lines after a CSV header, whose columns the header names. */
    private static RowDecoder csvDecoder(CsvOptions options, String header, Schema schema) {
        List<String> columns = new ArrayList<>();
        for (String name :
                header.split(java.util.regex.Pattern.quote(String.valueOf(options.delimiter())))) {
            columns.add(name.trim().replace("\"", ""));
        }
        return Codecs.decoder(
                new FormatSpec.Csv(options.withHeader(false).withColumns(columns)), schema);
    }
}
