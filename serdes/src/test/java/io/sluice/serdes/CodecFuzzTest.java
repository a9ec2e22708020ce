package io.sluice.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.serdes.avro.AvroFormat;
import io.sluice.serdes.avro.ConfluentSchemaDirectory;
import io.sluice.serdes.avro.SchemaStore;
import io.sluice.serdes.csv.CsvFormat;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the bytes, a decoder returns a result and never throws, and any row it returns
 * can be encoded again. Inputs are seeded random mutations of valid records, so a failure
 * reproduces from the seed and case number in its message.
 */
class CodecFuzzTest {

    private static final long SEED = 20_190_205L;
    private static final int CASES_PER_FORMAT = 3_000;
    private static final byte[] INTERESTING =
            "{}[]\",:\\0123456789-+.eE \n\r\tnulltruefalse\u00ff"
                    .getBytes(StandardCharsets.ISO_8859_1);

    private final Schema invoice = Samples.schema("invoice.avsc");
    private final Schema allTypes = Samples.schema("all-types.avsc");

    private List<byte[]> invoiceJson() {
        List<byte[]> seeds = new ArrayList<>();
        for (String line : Samples.lines("invoices.jsonl").subList(0, 20)) {
            seeds.add(line.getBytes(StandardCharsets.UTF_8));
        }
        seeds.add(
                JsonFormat.encoder(allTypes, JsonOptions.defaults())
                        .encode(Samples.allTypesRow(allTypes)));
        return seeds;
    }

    private void fuzz(String name, List<byte[]> seeds, RowDecoder decoder, RowEncoder encoder) {
        Random random = new Random(SEED ^ name.hashCode());
        int decoded = 0;
        for (int i = 0; i < CASES_PER_FORMAT; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            DecodeResult result;
            try {
                result = decoder.decode(input);
            } catch (Throwable t) {
                throw new AssertionError(
                        name + " case " + i + " threw on " + Arrays.toString(input), t);
            }
            assertThat(result).as("%s case %d", name, i).isNotNull();
            if (result instanceof DecodeResult.Decoded d) {
                decoded++;
                encodeOrFail(name, i, encoder, d.row());
            } else {
                DecodeResult.DecodeError error = (DecodeResult.DecodeError) result;
                assertThat(error.message()).as("%s case %d", name, i).isNotBlank();
            }
        }
        assertThat(decoded).as("%s: some mutations still decode", name).isPositive();
    }

    private static void encodeOrFail(String name, int i, RowEncoder encoder, GenericRecord row) {
        try {
            encoder.encode(row);
        } catch (RuntimeException e) {
            throw new AssertionError(
                    name + " case " + i + ": a decoded row did not encode: " + row, e);
        }
    }

    private static byte[] mutate(byte[] seed, List<byte[]> seeds, Random random) {
        byte[] bytes = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            bytes = mutateOnce(bytes, seeds, random);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, List<byte[]> seeds, Random random) {
        int n = bytes.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(8)) {
            case 0: // flip bits
                if (n > 0) {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            case 1: // random byte
                if (n > 0) {
                    bytes[at] = (byte) random.nextInt(256);
                }
                return bytes;
            case 2: // truncate
                return Arrays.copyOf(bytes, at);
            case 3: // delete a range
                int end = Math.min(n, at + 1 + random.nextInt(16));
                byte[] shorter = new byte[n - (end - at)];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, end, shorter, at, n - end);
                return shorter;
            case 4: // insert an interesting byte
                return insert(
                        bytes, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
            case 5: // duplicate a slice
                int len = Math.min(n - at, 1 + random.nextInt(32));
                return insert(bytes, at, Arrays.copyOfRange(bytes, at, at + len));
            case 6: // splice in part of another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(Math.max(1, other.length));
                return insert(
                        Arrays.copyOf(bytes, at),
                        at,
                        Arrays.copyOfRange(other, from, other.length));
            default: // a long run of one interesting byte: huge numbers, deep nesting, long strings
                byte[] run = new byte[1 + random.nextInt(2_000)];
                Arrays.fill(run, INTERESTING[random.nextInt(INTERESTING.length)]);
                return insert(bytes, at, run);
        }
    }

    private static byte[] insert(byte[] bytes, int at, byte[] extra) {
        byte[] longer = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, longer, 0, at);
        System.arraycopy(extra, 0, longer, at, extra.length);
        System.arraycopy(bytes, at, longer, at + extra.length, bytes.length - at);
        return longer;
    }

    @Test
    void shouldNeverThrowWhenJsonIsMutated() {
        JsonOptions lenient = JsonOptions.defaults();
        fuzz(
                "json-invoice",
                invoiceJson(),
                JsonFormat.decoder(invoice, lenient),
                JsonFormat.encoder(invoice, lenient));
        fuzz(
                "json-all-types",
                invoiceJson(),
                JsonFormat.decoder(allTypes, lenient.withStrict(true)),
                JsonFormat.encoder(allTypes, lenient));
    }

    @Test
    void shouldNeverThrowWhenCsvIsMutated() {
        List<String> lines = Samples.lines("invoices.csv");
        CsvOptions options =
                CsvOptions.defaults()
                        .withColumns(CsvFormat.headerColumns(lines.get(0), CsvOptions.defaults()));
        List<byte[]> seeds = new ArrayList<>();
        for (String line : lines.subList(1, 21)) {
            seeds.add(line.getBytes(StandardCharsets.UTF_8));
        }
        seeds.add((lines.get(0) + "\n" + lines.get(1)).getBytes(StandardCharsets.UTF_8));
        fuzz(
                "csv",
                seeds,
                CsvFormat.decoder(invoice, options),
                CsvFormat.encoder(invoice, options));
        fuzz(
                "csv-header",
                seeds,
                CsvFormat.decoder(invoice, options.withHeader(true)),
                CsvFormat.encoder(invoice, options));
    }

    @Test
    void shouldNeverThrowWhenAvroIsMutated() {
        RowDecoder json = JsonFormat.decoder(invoice, JsonOptions.defaults());
        RowEncoder plain = AvroFormat.encoder(invoice);
        RowEncoder single = AvroFormat.singleObjectEncoder(invoice);
        ConfluentSchemaDirectory directory =
                ConfluentSchemaDirectory.of(Map.of(1, invoice, 2, allTypes));
        RowEncoder confluent = AvroFormat.confluentEncoder(directory, 1);
        List<byte[]> plainSeeds = new ArrayList<>();
        List<byte[]> singleSeeds = new ArrayList<>();
        List<byte[]> confluentSeeds = new ArrayList<>();
        for (byte[] line : invoiceJson().subList(0, 20)) {
            GenericRecord row = ((DecodeResult.Decoded) json.decode(line)).row();
            plainSeeds.add(plain.encode(row));
            singleSeeds.add(single.encode(row));
            confluentSeeds.add(confluent.encode(row));
        }
        List<byte[]> allTypesSeeds =
                List.of(AvroFormat.encoder(allTypes).encode(Samples.allTypesRow(allTypes)));

        fuzz("avro", plainSeeds, AvroFormat.decoder(invoice, invoice), plain);
        fuzz(
                "avro-all-types",
                allTypesSeeds,
                AvroFormat.decoder(allTypes, allTypes),
                AvroFormat.encoder(allTypes));
        fuzz(
                "avro-single-object",
                singleSeeds,
                AvroFormat.singleObjectDecoder(invoice, SchemaStore.of(List.of(invoice))),
                single);
        fuzz(
                "avro-confluent",
                confluentSeeds,
                AvroFormat.confluentDecoder(invoice, directory),
                confluent);
    }
}
