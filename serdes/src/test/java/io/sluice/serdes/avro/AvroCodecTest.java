package io.sluice.serdes.avro;

import static io.sluice.serdes.DecodeResults.error;
import static io.sluice.serdes.DecodeResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.serdes.CodecException;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.Rows;
import io.sluice.serdes.Samples;
import io.sluice.serdes.Schemas;
import io.sluice.serdes.json.JsonFormat;
import io.sluice.serdes.json.JsonOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private final Schema allTypes = Samples.schema("all-types.avsc");
    private final Schema invoice = Samples.schema("invoice.avsc");

    private static byte[] avroWrites(Schema schema, GenericRecord row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, Rows.genericData()).write(row, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldWriteTheSameBytesAsAvroWhenEncodingEveryType() throws IOException {
        // given
        GenericData.Record row = Samples.allTypesRow(allTypes);
        row.put("name", "x".repeat(70) + " Zoë 😀 \uD800 end");

        // when
        byte[] ours = AvroFormat.encoder(allTypes).encode(row);

        // then
        assertThat(ours).isEqualTo(avroWrites(allTypes, row));
    }

    @Test
    void shouldRoundTripEveryTypeWhenDecodingOwnBytes() {
        // given
        GenericData.Record original = Samples.allTypesRow(allTypes);

        // when
        GenericRecord decoded =
                row(
                        AvroFormat.decoder(allTypes, allTypes)
                                .decode(AvroFormat.encoder(allTypes).encode(original)));

        // then
        assertThat(Samples.plain(decoded)).isEqualTo(Samples.plain(original));
        assertThat(decoded.get("name")).isInstanceOf(String.class);
        assertThat(((Map<?, ?>) decoded.get("scores")).keySet()).allMatch(k -> k instanceof String);
    }

    @Test
    void shouldRoundTripEveryInvoiceWhenConvertingJsonToAvroAndBack() throws IOException {
        // given
        RowDecoder json = JsonFormat.decoder(invoice, JsonOptions.defaults());
        RowEncoder avro = Codecs.encoder(FormatSpec.Avro.sameAsRow(), invoice);
        RowDecoder avroDecoder = Codecs.decoder(FormatSpec.Avro.sameAsRow(), invoice);

        for (String line : Samples.lines("invoices.jsonl")) {
            // when
            GenericRecord row = row(json.decode(line.getBytes(StandardCharsets.UTF_8)));
            byte[] bytes = avro.encode(row);

            // then
            assertThat(bytes).isEqualTo(avroWrites(invoice, row));
            assertThat(Samples.plain(row(avroDecoder.decode(bytes)))).isEqualTo(Samples.plain(row));
        }
    }

    @Test
    void shouldResolveAddedRemovedAndPromotedFieldsWhenReaderSchemaDiffers() {
        // given
        Schema writer =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                                + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"gone\",\"type\":\"string\"},"
                                + "{\"name\":\"c\",\"type\":\"float\"},{\"name\":\"s\",\"type\":\"bytes\"}]}");
        Schema reader =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                                + "{\"name\":\"a\",\"type\":\"long\"},{\"name\":\"c\",\"type\":\"double\"},"
                                + "{\"name\":\"s\",\"type\":\"string\"},"
                                + "{\"name\":\"added\",\"type\":\"string\",\"default\":\"fresh\"}]}");
        GenericData.Record old = new GenericData.Record(writer);
        old.put("a", 5);
        old.put("gone", "bye");
        old.put("c", 1.5f);
        old.put("s", java.nio.ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));

        // when
        GenericRecord row =
                row(
                        Codecs.decoder(new FormatSpec.Avro(Optional.of(writer)), reader)
                                .decode(AvroFormat.encoder(writer).encode(old)));

        // then
        assertThat(Samples.plain(row))
                .isEqualTo(Map.of("a", 5L, "c", 1.5, "s", "hi", "added", "fresh"));
    }

    @Test
    void shouldWriteTheNamedFieldsOfRowsWhoseSchemaIsAnotherOneAfterTheOther() {
        Schema moved =
                parse(
                        "Moved",
                        "{\"name\": \"b\", \"type\": \"long\"},"
                                + " {\"name\": \"a\", \"type\": \"string\"}");
        Schema wide =
                parse(
                        "Row",
                        "{\"name\": \"a\", \"type\": \"string\"},"
                                + " {\"name\": \"x\", \"type\": \"int\"},"
                                + " {\"name\": \"b\", \"type\": \"long\"}");
        Schema reordered =
                parse(
                        "Row",
                        "{\"name\": \"b\", \"type\": \"long\"},"
                                + " {\"name\": \"a\", \"type\": \"string\"}");
        RowEncoder encoder = Codecs.encoder(FormatSpec.Avro.sameAsRow(), moved);
        RowDecoder decoder = Codecs.decoder(FormatSpec.Avro.sameAsRow(), moved);

        GenericRecord first = new GenericData.Record(wide);
        first.put("a", "one");
        first.put("x", 7);
        first.put("b", 1L);
        GenericRecord second = new GenericData.Record(reordered);
        second.put("b", 2L);
        second.put("a", "two");
        GenericRecord third = new GenericData.Record(wide);
        third.put("a", "three");
        third.put("x", 9);
        third.put("b", 3L);

        // each row is written by its own schema's positions, however the schemas alternate
        for (GenericRecord row : List.of(first, second, third, second)) {
            GenericRecord decoded =
                    ((DecodeResult.Decoded) decoder.decode(encoder.encode(row))).row();
            assertThat(decoded.get("a").toString()).isEqualTo(row.get("a"));
            assertThat(decoded.get("b")).isEqualTo(row.get("b"));
        }
    }

    private static Schema parse(String name, String fields) {
        return new Schema.Parser()
                .parse(
                        "{\"type\": \"record\", \"name\": \""
                                + name
                                + "\", \"fields\": ["
                                + fields
                                + "]}");
    }

    @Test
    void shouldRefuseWriterSchemaWhenItCannotBeRead() {
        // given
        Schema writer =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema reader =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

        // when / then
        assertThatThrownBy(() -> AvroFormat.decoder(reader, writer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "writer schema R cannot be read as R; TYPE_MISMATCH at /fields/0/type");
    }

    @Test
    void shouldWriteAvroSingleObjectFramingWhenEncodingSingleObject() throws IOException {
        // given
        GenericRecord row =
                row(
                        JsonFormat.decoder(invoice, JsonOptions.defaults())
                                .decode(
                                        Samples.lines("invoices.jsonl")
                                                .get(0)
                                                .getBytes(StandardCharsets.UTF_8)));
        RowEncoder encoder =
                Codecs.encoder(new FormatSpec.AvroSingleObject(SchemaStore.of(List.of())), invoice);

        // when
        byte[] ours = encoder.encode(row);

        // then
        byte[] avros =
                new BinaryMessageEncoder<GenericRecord>(Rows.genericData(), invoice)
                        .encode(row)
                        .array();
        assertThat(ours).isEqualTo(avros);
        assertThat(
                        Samples.plain(
                                row(
                                        Codecs.decoder(
                                                        new FormatSpec.AvroSingleObject(
                                                                SchemaStore.of(List.of())),
                                                        invoice)
                                                .decode(ours))))
                .isEqualTo(Samples.plain(row));
    }

    @Test
    void shouldResolveOlderWriterWhenStoreKnowsItsFingerprint() {
        // given
        Schema v1 =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        Schema v2 =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
                                + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        GenericData.Record old = new GenericData.Record(v1);
        old.put("a", 3);
        byte[] bytes = AvroFormat.singleObjectEncoder(v1).encode(old);

        // when
        DecodeResult known =
                AvroFormat.singleObjectDecoder(v2, SchemaStore.of(List.of(v1, v2))).decode(bytes);
        DecodeResult unknown =
                AvroFormat.singleObjectDecoder(v2, SchemaStore.of(List.of(v2))).decode(bytes);

        // then
        assertThat(Samples.plain(row(known)))
                .isEqualTo(
                        Samples.plain(
                                new GenericData.Record(v2) {
                                    {
                                        put("a", 3L);
                                    }
                                }));
        assertThat(error(unknown).reason())
                .isEqualTo(
                        "unknown writer schema fingerprint "
                                + Long.toHexString(SchemaStore.fingerprint(v1)));
        assertThat(error(unknown).position()).isEqualTo(2);
    }

    @Test
    void shouldRejectBytesWhenSingleObjectHeaderIsMissing() {
        // when
        DecodeResult.DecodeError error =
                error(
                        AvroFormat.singleObjectDecoder(invoice, SchemaStore.of(List.of(invoice)))
                                .decode(new byte[] {1, 2, 3}));

        // then
        assertThat(error.reason())
                .isEqualTo(
                        "not single-object encoded Avro: expected the header C3 01 and an 8-byte fingerprint");
    }

    @Test
    void shouldReportFieldAndOffsetWhenAvroRecordIsCutInHalf() {
        // given
        GenericData.Record row = Samples.allTypesRow(allTypes);
        byte[] bytes = AvroFormat.encoder(allTypes).encode(row);
        byte[] half = Arrays.copyOf(bytes, bytes.length / 2);

        // when
        DecodeResult.DecodeError error = error(AvroFormat.decoder(allTypes, allTypes).decode(half));

        // then
        assertThat(error.reason()).startsWith("truncated input");
        assertThat(error.fieldPath()).isNotEmpty();
        assertThat(error.position()).isBetween(0L, (long) half.length);
    }

    @Test
    void shouldRejectLengthWithoutAllocatingWhenStringLengthIsHuge() {
        // given: field InvoiceNumber claims 2^30 bytes
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'a'};

        // when
        DecodeResult.DecodeError error = error(AvroFormat.decoder(invoice, invoice).decode(bytes));

        // then
        assertThat(error.reason())
                .isEqualTo(
                        "truncated input: needs 1073741824 more bytes at offset 5 but only 1 remain");
        assertThat(error.fieldPath()).isEqualTo("InvoiceNumber");
        assertThat(error.position()).isEqualTo(5);
    }

    @Test
    void shouldRejectBlockWhenItemCountExceedsRemainingBytes() {
        // given: tags array claims 2^40 items (zig-zag 2^41)
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"T\",\"fields\":"
                                + "[{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}");
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};

        // when
        DecodeResult.DecodeError error = error(AvroFormat.decoder(schema, schema).decode(bytes));

        // then
        assertThat(error.reason()).startsWith("truncated input: a block of 1099511627776 items");
        assertThat(error.fieldPath()).isEqualTo("tags");
    }

    @Test
    void shouldRejectRecordWhenBytesFollowIt() {
        // given
        byte[] bytes = AvroFormat.encoder(allTypes).encode(Samples.allTypesRow(allTypes));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);

        // when
        DecodeResult.DecodeError error =
                error(AvroFormat.decoder(allTypes, allTypes).decode(longer));

        // then
        assertThat(error.reason()).isEqualTo("2 unexpected bytes after the record");
        assertThat(error.position()).isEqualTo(bytes.length);
    }

    @Test
    void shouldRejectIndexWhenUnionBranchIsOutOfRange() {
        // given
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"U\",\"fields\":"
                                + "[{\"name\":\"u\",\"type\":[\"null\",\"string\"]}]}");

        // when
        DecodeResult.DecodeError error =
                error(AvroFormat.decoder(schema, schema).decode(new byte[] {14}));

        // then
        assertThat(error.reason()).startsWith("invalid Avro data");
        assertThat(error.fieldPath()).isEqualTo("u");
    }

    @Test
    void shouldNamePathWhenEncodingWrongValue() {
        // given
        GenericData.Record row = Samples.allTypesRow(allTypes);
        ((GenericData.Record) ((List<?>) row.get("lines")).get(0)).put("qty", "three");

        // when / then
        assertThatThrownBy(() -> AvroFormat.encoder(allTypes).encode(row))
                .isInstanceOf(CodecException.class)
                .hasMessage(
                        "cannot encode row as Avro: expected int, got String (field lines[0].qty)");
    }

    @Test
    void shouldWriteRowsOfAnotherSchemaByFieldNameWhenWriterSchemaDiffers() {
        // given
        Schema narrow =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"Narrow\",\"fields\":["
                                + "{\"name\":\"City\",\"type\":\"string\"},{\"name\":\"ItemQty\",\"type\":\"long\"}]}");
        GenericRecord row =
                row(
                        JsonFormat.decoder(invoice, JsonOptions.defaults())
                                .decode(
                                        Samples.lines("invoices.jsonl")
                                                .get(0)
                                                .getBytes(StandardCharsets.UTF_8)));

        // when
        byte[] bytes =
                Codecs.encoder(new FormatSpec.Avro(Optional.of(narrow)), invoice).encode(row);

        // then
        assertThat(Samples.plain(row(AvroFormat.decoder(narrow, narrow).decode(bytes))))
                .isEqualTo(Map.of("City", "Surat", "ItemQty", 3L));
    }

    @Test
    void shouldRejectStringWhenItsBytesAreNotUtf8() {
        // given: a one-field record whose string holds C3 28
        Schema schema =
                Schemas.parse(
                        "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");

        // when
        DecodeResult.DecodeError error =
                error(AvroFormat.decoder(schema, schema).decode(new byte[] {4, (byte) 0xC3, 0x28}));

        // then
        assertThat(error.reason())
                .isEqualTo("invalid Avro data: invalid UTF-8 in a string at offset 1");
        assertThat(error.fieldPath()).isEqualTo("s");
    }
}
