package io.sluice.bench.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bench.JsonTreeRecords;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.Schemas;
import io.sluice.serdes.json.JsonOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON to Avro measures invoice JSON bytes to row to Avro bytes, one record per operation, so the
 * score is records per second: Sluice's codecs against reading a Jackson tree, copying it into a
 * GenericRecord and writing that with Avro's GenericDatumWriter.
 *
 * <p>Each operation takes the next of the sample's 1,000 invoice lines, so branch predictors see
 * real variety (null and non-null card numbers, different string lengths).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonToAvroBenchmark {

    /**
     * The invoice sample, relative to the directory the benchmark runs in (the repository root).
     */
    @Param("topologies/data/invoices.jsonl")
    public String dataFile;

    private byte[][] lines;
    private GenericRecord[] rows;
    private int next;
    private Schema schema;
    private RowDecoder decoder;
    private RowDecoder notificationColumns;
    private RowEncoder encoder;
    private ObjectMapper mapper;
    private GenericDatumWriter<GenericRecord> datumWriter;
    private ByteArrayOutputStream baselineOut;
    private BinaryEncoder baselineEncoder;

    @Setup
    public void setUp() throws IOException {
        Path path = Paths.get(dataFile);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    "invoice sample not found at "
                            + path.toAbsolutePath()
                            + "; run from the repository root or pass -p dataFile=PATH");
        }
        List<String> text = Files.readAllLines(path, StandardCharsets.UTF_8);
        lines =
                text.stream()
                        .filter(l -> !l.isBlank())
                        .map(l -> l.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
        try (InputStream in = JsonToAvroBenchmark.class.getResourceAsStream("/invoice.avsc")) {
            schema = Schemas.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        decoder = Codecs.decoder(new FormatSpec.Json(JsonOptions.defaults()), schema);
        encoder = Codecs.encoder(FormatSpec.Avro.sameAsRow(), schema);
        BitSet read = new BitSet();
        for (String column : List.of("CustomerType", "CustomerCardNo", "TotalValue")) {
            read.set(schema.getField(column).pos());
        }
        notificationColumns = decoder.readingOnly(read);
        mapper = new ObjectMapper();
        rows = new GenericRecord[lines.length];
        for (int i = 0; i < lines.length; i++) {
            rows[i] = ((DecodeResult.Decoded) decoder.decode(lines[i])).row();
        }
        datumWriter = new GenericDatumWriter<>(schema);
        baselineOut = new ByteArrayOutputStream(512);
        baselineEncoder = EncoderFactory.get().binaryEncoder(baselineOut, null);
    }

    private byte[] nextLine() {
        byte[] line = lines[next];
        next = next + 1 == lines.length ? 0 : next + 1;
        return line;
    }

    /** Sluice: streaming JSON decode into the row, compiled Avro writer into a reused buffer. */
    @Benchmark
    public byte[] sluiceCodecs() {
        DecodeResult result = decoder.decode(nextLine());
        if (result instanceof DecodeResult.Decoded decoded) {
            return encoder.encode(decoded.row());
        }
        throw new IllegalStateException(((DecodeResult.DecodeError) result).message());
    }

    /** Part of the Sluice path: the JSON decode alone. */
    @Benchmark
    public DecodeResult sluiceDecodeOnly() {
        return decoder.decode(nextLine());
    }

    /**
     * The JSON decode of the three columns the invoice notifications read (a filter on one, a
     * select of the others): the decoder skips the other thirteen values.
     */
    @Benchmark
    public DecodeResult sluiceDecodeThreeColumns() {
        return notificationColumns.decode(nextLine());
    }

    /** Part of the Sluice path: the Avro encode alone, of rows decoded in setup. */
    @Benchmark
    public byte[] sluiceEncodeOnly() {
        GenericRecord row = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return encoder.encode(row);
    }

    /** A floor: Jackson's streaming parser reading every token and string, building nothing. */
    @Benchmark
    public int jacksonTokensOnly() throws IOException {
        int count = 0;
        try (JsonParser parser = mapper.getFactory().createParser(nextLine())) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    count += parser.getText().length();
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    count += (int) parser.getDoubleValue();
                }
            }
        }
        return count;
    }

    /** Baseline: ObjectMapper.readTree, copy into a GenericRecord, GenericDatumWriter. */
    @Benchmark
    public byte[] jacksonTreeThenGenericDatumWriter() throws IOException {
        GenericRecord row = JsonTreeRecords.toRecord(mapper.readTree(nextLine()), schema);
        baselineOut.reset();
        datumWriter.write(row, baselineEncoder);
        baselineEncoder.flush();
        return baselineOut.toByteArray();
    }
}
